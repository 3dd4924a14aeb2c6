/**
 * The sending half of the generic schemes: the headers a provider would send, built from the
 * same config (and the same template and layout code) the verifier reads. The primitives come
 * from the caller (`src/testing/sign.ts` passes node:crypto), so this module stays runtime-neutral
 * and synchronous.
 */
import { bytesToBase64, bytesToHex, rawToDerEcdsa, type HmacAlgorithm, type SignatureAlgorithm } from "../../crypto/index.js";
import type { AsymmetricSchemeConfig, HmacSchemeConfig, SignedMessageConfig, SignedTimestamp, StandardWebhooksSchemeConfig, TokenSchemeConfig } from "../../types.js";
import { hmacTimestamp } from "../hmac.js";
import { fieldText, parseJsonBody, readPath, writePath } from "./body-fields.js";
import { compileMessage, type CompiledMessage } from "./message.js";
import { hmacKey } from "./secrets.js";
import { fillTemplate, sortedFormParams } from "./template.js";
import { timestampText } from "./timestamp.js";

/** The crypto a signer needs, synchronous. */
export interface SignerPrimitives {
  /** HMAC of the concatenated parts. */
  hmac(algorithm: HmacAlgorithm, key: string | Uint8Array, parts: readonly (string | Uint8Array)[]): Uint8Array;
  /** A signature of the concatenated parts with `privateKey` (text as configured): Ed25519 64 bytes, ECDSA raw `r‖s`. */
  sign(algorithm: SignatureAlgorithm, privateKey: string, parts: readonly (string | Uint8Array)[]): Uint8Array;
  /** SHA-256 of `bytes` (body hashes in the URL, Twilio's `bodySHA256`). */
  sha256(bytes: Uint8Array): Uint8Array;
}

/** What a delivery is signed with. */
export interface SchemeSignInput {
  readonly body: Uint8Array;
  /** The HMAC secret or token (for public-key schemes unused). */
  readonly secret: string;
  /** Ed25519/ECDSA private key text, or a `whsk_` key for Standard Webhooks `v1a`. */
  readonly privateKey?: string | undefined;
  readonly timestampSec: number;
  /** `{id}`, and the value of `{body.<path>}` fields other than the timestamp. */
  readonly id: string;
  /** The full URL the delivery is posted to, query included (`{url}`). */
  readonly url?: string | undefined;
  /** Default `POST`. */
  readonly method?: string | undefined;
  /**
   * Bind the body by its hash in the URL (`bodyHash` configs, Twilio's JSON bodies): the hash is
   * appended to `url` as the configured query parameter and `{params}` signs nothing.
   */
  readonly bodyHash?: boolean | undefined;
}

/** A signed delivery: the headers to send, and the body and URL when signing changed them. */
export interface SchemeSignature {
  readonly headers: Record<string, string>;
  /** The bytes to send: `input.body`, or the JSON body with the signature written into it (`body` configs). */
  readonly body: Uint8Array;
  /** The URL to post to: `input.url`, or it with the body hash appended. */
  readonly url: string | undefined;
}

/** The generic schemes {@link signScheme} signs. */
export type SignableScheme = HmacSchemeConfig | AsymmetricSchemeConfig | TokenSchemeConfig | StandardWebhooksSchemeConfig;

function encode(bytes: Uint8Array, encoding: "hex" | "base64"): string {
  return encoding === "hex" ? bytesToHex(bytes) : bytesToBase64(bytes);
}

/** `url` with `name=value` appended to its query. */
function withQueryParam(url: string, name: string, value: string): string {
  const hash = url.indexOf("#");
  const base = hash === -1 ? url : url.slice(0, hash);
  const sep = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${sep}${encodeURIComponent(name)}=${encodeURIComponent(value)}${hash === -1 ? "" : url.slice(hash)}`;
}

/**
 * The JSON body a body-carried signature is written into, with the signed fields filled: the
 * timestamp field with the timestamp (a JSON number where the body has one, else a string, as
 * Mailgun sends it), every other `{body.<path>}` field with `id` (Mailgun's token).
 */
function bodyForFields(m: CompiledMessage, input: SchemeSignInput, ts: string): Record<string, unknown> {
  const parsed = parseJsonBody(input.body);
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
    throw new Error("signature: the signature travels in the body, so the body to sign must be a JSON object");
  }
  let root = parsed.value as Record<string, unknown>;
  const tsPath = m.timestamp?.body;
  if (tsPath !== undefined) {
    const keys = tsPath.split(".");
    root = writePath(root, keys, typeof readPath(root, keys) === "number" && m.timestamp?.unit !== "iso" ? Number(ts) : ts);
  }
  for (const f of m.fields) if (f.field !== tsPath) root = writePath(root, f.keys, input.id);
  return root;
}

/** A signed-message scheme's delivery, given the signature bytes a `sign` callback makes over the parts. */
function signMessage(
  config: SignedMessageConfig,
  timestamp: SignedTimestamp | undefined,
  input: SchemeSignInput,
  sign: (parts: readonly (string | Uint8Array)[]) => Uint8Array,
  crypto: SignerPrimitives,
): SchemeSignature {
  const m = compileMessage(config, timestamp); // the verifier's own config checks: a config it refuses is not signed either
  const ts = timestampText(timestamp?.unit, input.timestampSec);
  let url = input.url;
  if (m.slots.has("url") && url === undefined) throw new Error("signature: signedContent uses {url}: pass the URL the delivery is posted to");
  const hashed = input.bodyHash === true;
  if (hashed) {
    if (config.bodyHash === undefined) throw new Error("signature: bodyHash signing needs a signature config with bodyHash");
    const digest = crypto.sha256(input.body);
    url = withQueryParam(url!, config.bodyHash.query, encode(digest, config.bodyHash.encoding));
  }
  const root = m.parsesBody ? bodyForFields(m, input, ts) : undefined;
  const fields = new Map<string, string>();
  for (const f of m.fields) fields.set(f.field, fieldText(readPath(root, f.keys))!);
  const parts = fillTemplate(m.pieces, {
    body: input.body,
    // A body timestamp is signed as the body holds it.
    timestamp: timestamp?.body !== undefined && root !== undefined ? fieldText(readPath(root, timestamp.body.split("."))) : ts,
    id: input.id,
    url,
    method: (input.method ?? "POST").toUpperCase(),
    params: m.slots.has("params") ? (hashed ? "" : sortedFormParams(input.body)) : undefined,
    fields,
  });
  const signature = `${config.prefix}${encode(sign(parts), config.encoding)}`;
  const headers: Record<string, string> = {};
  const tsInSignature = timestamp?.field !== undefined && (timestamp.header === undefined || timestamp.header === config.header);
  let value = signature;
  if (config.fields !== undefined) {
    const f = config.fields;
    value = tsInSignature ? `${timestamp!.field}=${ts}${f.separator}${f.signature}=${signature}` : `${f.signature}=${signature}`;
  }
  // Signed fields (and a body-carried signature) are written into the body, which is re-serialised.
  const body = root === undefined ? input.body : new TextEncoder().encode(JSON.stringify(config.body === undefined ? root : writePath(root, m.bodyKeys!, value)));
  if (config.body === undefined) headers[config.header!] = value;
  if (timestamp !== undefined && timestamp.body === undefined && !tsInSignature && timestamp.header !== undefined) {
    headers[timestamp.header] = timestamp.field === undefined ? ts : `${timestamp.field}=${ts}`;
  }
  if (config.idHeader !== undefined) headers[config.idHeader] = input.id;
  return { headers, body, url };
}

/** `whsk_…` (or PEM/DER) private key text: required for public-key signing. */
function privateKeyOf(input: SchemeSignInput, what: string): string {
  if (input.privateKey === undefined || input.privateKey.trim() === "") {
    throw new Error(`${what}: signing needs the private key (the privateKey option, or the env var named by private_key_env)`);
  }
  return input.privateKey;
}

/**
 * The delivery a provider using `config` would send with `input.body`: headers, and the body and
 * URL where signing changes them (a signature written into the body, a body hash in the URL).
 */
export function signSchemeDelivery(config: SignableScheme, input: SchemeSignInput, crypto: SignerPrimitives): SchemeSignature {
  const unchanged = (headers: Record<string, string>): SchemeSignature => ({ headers, body: input.body, url: input.url });
  switch (config.scheme) {
    case "hmac": {
      const key = hmacKey(input.secret, config.secretEncoding ?? "raw");
      if (key === undefined) throw new Error(`hmac signature: the secret does not decode as ${config.secretEncoding ?? "raw"}`);
      return signMessage(config, hmacTimestamp(config), input, (parts) => crypto.hmac(config.algorithm, key, parts), crypto);
    }
    case "ed25519":
    case "ecdsa-p256": {
      const pk = privateKeyOf(input, config.scheme);
      return signMessage(config, config.timestamp, input, (parts) => {
        const raw = crypto.sign(config.scheme, pk, parts);
        return config.scheme === "ecdsa-p256" && (config.signatureFormat ?? "der") === "der" ? rawToDerEcdsa(raw) : raw;
      }, crypto);
    }
    case "token":
      return unchanged({ [config.header]: `${config.prefix}${input.secret}` });
    case "standard-webhooks": {
      const ts = String(input.timestampSec);
      const parts = [`${input.id}.${ts}.`, input.body];
      const signatures: string[] = [];
      if (!input.secret.startsWith("whpk_")) {
        const key = hmacKey(input.secret, "whsec");
        if (key === undefined) throw new Error("standard-webhooks: the secret is not a whsec_ (base64) key");
        signatures.push(`v1,${bytesToBase64(crypto.hmac("sha256", key, parts))}`);
      }
      if (input.privateKey !== undefined || signatures.length === 0) {
        signatures.push(`v1a,${bytesToBase64(crypto.sign("ed25519", privateKeyOf(input, "standard-webhooks v1a"), parts))}`);
      }
      return unchanged({ "webhook-id": input.id, "webhook-timestamp": ts, "webhook-signature": signatures.join(" ") });
    }
  }
}

/**
 * The headers a provider using `config` would send with `input.body`. Throws for configs whose
 * signature travels in the body, and for body-hash signing, which change what is sent: use
 * {@link signSchemeDelivery}.
 */
export function signScheme(config: SignableScheme, input: SchemeSignInput, crypto: SignerPrimitives): Record<string, string> {
  if (config.scheme !== "token" && config.scheme !== "standard-webhooks" && compileMessage(config, config.scheme === "hmac" ? hmacTimestamp(config) : config.timestamp).parsesBody) {
    throw new Error("signature: signing writes into the body (a signature or signed fields carried in it): sign with signedDelivery, which answers the body to send");
  }
  if (input.bodyHash === true) throw new Error("signature: body-hash signing changes the URL: sign with signedDelivery, which answers it");
  return signSchemeDelivery(config, input, crypto).headers;
}
