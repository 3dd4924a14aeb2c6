/**
 * Signing test deliveries the way providers do, so tests and `test-webhook` exercise the real
 * verification path instead of turning it off.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { SignatureConfig } from "../runtime/types.js";

/** What {@link signDelivery} signs. */
export interface SignDeliveryOptions {
  /** The exact bytes that will be sent; sign the same string you post, never a re-serialised copy. */
  readonly body: string | Uint8Array;
  /** One secret (not a comma-separated rotation list): what the provider signs with. */
  readonly secret: string;
  /** Unix seconds to sign with; default now. Only schemes that sign a timestamp use it. */
  readonly timestamp?: number;
  /** Message id for `hmac` schemes with an `idHeader`/`{id}`; default a random UUID. */
  readonly id?: string;
}

type Part = string | Uint8Array;

function mac(algorithm: "sha1" | "sha256" | "sha512", secret: string, parts: readonly Part[], encoding: "hex" | "base64"): string {
  const h = createHmac(algorithm, secret);
  for (const part of parts) h.update(part);
  return h.digest(encoding);
}

/** Splits `{id}.{timestamp}.{body}` into the parts to feed the HMAC, bytes kept as bytes. */
function signedParts(template: string, values: { body: Part; timestamp: string; id: string | undefined }): Part[] {
  const parts: Part[] = [];
  const re = /\{(body|timestamp|id)\}/g;
  let last = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    const slot = m[1];
    if (slot === "body") parts.push(values.body);
    else if (slot === "timestamp") parts.push(values.timestamp);
    else {
      if (values.id === undefined) throw new Error("hmac signature: signedContent uses {id} but no idHeader is set");
      parts.push(values.id);
    }
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/**
 * The header(s) a provider would send with `body` under `signature` (header names as configured,
 * lower-case): Stripe `t=…,v1=…`; GitHub `sha256=<hex>`; Slack `v0=<hex>` plus its timestamp
 * header; generic `hmac` per its algorithm, encoding, prefix and signed-content template, plus its
 * timestamp and id headers when configured; `none` → `{}`.
 *
 * @example
 * const body = JSON.stringify(event);
 * const headers = signDelivery(stripeProvider.signature, { body, secret: "whsec_test" });
 * await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
 */
export function signDelivery(signature: SignatureConfig, options: SignDeliveryOptions): Record<string, string> {
  const { body, secret } = options;
  if (signature.scheme === "none") return {};
  if (secret === "") throw new Error("signDelivery: the secret is empty");
  const t = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  switch (signature.scheme) {
    case "stripe":
      return { [signature.header]: `t=${t},v1=${mac("sha256", secret, [`${t}.`, body], "hex")}` };
    case "github":
      return { [signature.header]: `sha256=${mac("sha256", secret, [body], "hex")}` };
    case "slack":
      return {
        [signature.header]: `v0=${mac("sha256", secret, [`v0:${t}:`, body], "hex")}`,
        [signature.timestampHeader]: t,
      };
    case "hmac": {
      // The id travels in its own header; a template naming {id} without one is a config error.
      const id = signature.idHeader === undefined ? undefined : (options.id ?? randomUUID());
      if (signature.signedContent.includes("{timestamp}") && signature.timestampHeader === undefined) {
        throw new Error("hmac signature: signedContent uses {timestamp} but no timestampHeader is set");
      }
      const parts = signedParts(signature.signedContent, { body, timestamp: t, id });
      const headers: Record<string, string> = {
        [signature.header]: `${signature.prefix}${mac(signature.algorithm, secret, parts, signature.encoding)}`,
      };
      if (signature.timestampHeader !== undefined) headers[signature.timestampHeader] = t;
      if (signature.idHeader !== undefined && id !== undefined) headers[signature.idHeader] = id;
      return headers;
    }
    default: {
      // A SignatureConfig from a newer generator may name a scheme this version cannot sign.
      const scheme: string = (signature as { scheme: string }).scheme;
      throw new Error(`signDelivery: unsupported signature scheme ${JSON.stringify(scheme)}`);
    }
  }
}
