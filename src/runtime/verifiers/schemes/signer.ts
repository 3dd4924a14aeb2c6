/**
 * The sending half of the generic schemes: the headers a provider would send, built from the
 * same config (and the same template and layout code) the verifier reads. The primitives come
 * from the caller (`src/testing/sign.ts` passes node:crypto), so this module stays runtime-neutral
 * and synchronous.
 */
import { bytesToBase64, bytesToHex, rawToDerEcdsa, type HmacAlgorithm, type SignatureAlgorithm } from "../../crypto/index.js";
import type { AsymmetricSchemeConfig, HmacSchemeConfig, SignedMessageConfig, SignedTimestamp, StandardWebhooksSchemeConfig, TokenSchemeConfig } from "../../types.js";
import { hmacTimestamp } from "../hmac.js";
import { compileMessage } from "./message.js";
import { hmacKey } from "./secrets.js";
import { compileTemplate, fillTemplate, slotsOf, sortedFormParams } from "./template.js";

/** The crypto a signer needs, synchronous. */
export interface SignerPrimitives {
  /** HMAC of the concatenated parts. */
  hmac(algorithm: HmacAlgorithm, key: string | Uint8Array, parts: readonly (string | Uint8Array)[]): Uint8Array;
  /** A signature of the concatenated parts with `privateKey` (text as configured): Ed25519 64 bytes, ECDSA raw `r‖s`. */
  sign(algorithm: SignatureAlgorithm, privateKey: string, parts: readonly (string | Uint8Array)[]): Uint8Array;
}

/** What a delivery is signed with. */
export interface SchemeSignInput {
  readonly body: Uint8Array;
  /** The HMAC secret or token (for public-key schemes unused). */
  readonly secret: string;
  /** Ed25519/ECDSA private key text, or a `whsk_` key for Standard Webhooks `v1a`. */
  readonly privateKey?: string | undefined;
  readonly timestampSec: number;
  readonly id: string;
  /** The full URL the delivery is posted to (`{url}`). */
  readonly url?: string | undefined;
  /** Default `POST`. */
  readonly method?: string | undefined;
}

/** The generic schemes {@link signScheme} signs. */
export type SignableScheme = HmacSchemeConfig | AsymmetricSchemeConfig | TokenSchemeConfig | StandardWebhooksSchemeConfig;

function encode(bytes: Uint8Array, encoding: "hex" | "base64"): string {
  return encoding === "hex" ? bytesToHex(bytes) : bytesToBase64(bytes);
}

function timestampText(ts: SignedTimestamp | undefined, sec: number): string {
  return String(ts?.unit === "ms" ? sec * 1000 : sec);
}

/** Headers for a signed-message scheme given the signature bytes a `sign` callback makes over the parts. */
function signMessage(
  config: SignedMessageConfig,
  timestamp: SignedTimestamp | undefined,
  input: SchemeSignInput,
  sign: (parts: readonly (string | Uint8Array)[]) => Uint8Array,
): Record<string, string> {
  compileMessage(config, timestamp); // the verifier's own config checks: a config it refuses is not signed either
  const pieces = compileTemplate(config.signedContent);
  const slots = slotsOf(pieces);
  const ts = timestampText(timestamp, input.timestampSec);
  if (slots.has("url") && input.url === undefined) throw new Error("signature: signedContent uses {url}: pass the URL the delivery is posted to");
  const parts = fillTemplate(pieces, {
    body: input.body,
    timestamp: ts,
    id: input.id,
    url: input.url,
    method: (input.method ?? "POST").toUpperCase(),
    params: slots.has("params") ? sortedFormParams(input.body) : undefined,
  });
  const signature = `${config.prefix}${encode(sign(parts), config.encoding)}`;
  const headers: Record<string, string> = {};
  const tsInSignatureHeader = timestamp?.field !== undefined && (timestamp.header === undefined || timestamp.header === config.header);
  if (config.fields !== undefined) {
    const f = config.fields;
    headers[config.header] = tsInSignatureHeader ? `${timestamp!.field}=${ts}${f.separator}${f.signature}=${signature}` : `${f.signature}=${signature}`;
  } else {
    headers[config.header] = signature;
  }
  if (timestamp !== undefined && timestamp.body === undefined && !tsInSignatureHeader && timestamp.header !== undefined) {
    headers[timestamp.header] = timestamp.field === undefined ? ts : `${timestamp.field}=${ts}`;
  }
  if (config.idHeader !== undefined) headers[config.idHeader] = input.id;
  return headers;
}

/** `whsk_…` (or PEM/DER) private key text: required for public-key signing. */
function privateKeyOf(input: SchemeSignInput, what: string): string {
  if (input.privateKey === undefined || input.privateKey.trim() === "") {
    throw new Error(`${what}: signing needs the private key (the privateKey option, or the env var named by private_key_env)`);
  }
  return input.privateKey;
}

/** The headers a provider using `config` would send with `input.body`. */
export function signScheme(config: SignableScheme, input: SchemeSignInput, crypto: SignerPrimitives): Record<string, string> {
  switch (config.scheme) {
    case "hmac": {
      const key = hmacKey(input.secret, config.secretEncoding ?? "raw");
      if (key === undefined) throw new Error(`hmac signature: the secret does not decode as ${config.secretEncoding ?? "raw"}`);
      return signMessage(config, hmacTimestamp(config), input, (parts) => crypto.hmac(config.algorithm, key, parts));
    }
    case "ed25519":
    case "ecdsa-p256": {
      const pk = privateKeyOf(input, config.scheme);
      return signMessage(config, config.timestamp, input, (parts) => {
        const raw = crypto.sign(config.scheme, pk, parts);
        return config.scheme === "ecdsa-p256" && (config.signatureFormat ?? "der") === "der" ? rawToDerEcdsa(raw) : raw;
      });
    }
    case "token":
      return { [config.header]: `${config.prefix}${input.secret}` };
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
      return { "webhook-id": input.id, "webhook-timestamp": ts, "webhook-signature": signatures.join(" ") };
    }
  }
}
