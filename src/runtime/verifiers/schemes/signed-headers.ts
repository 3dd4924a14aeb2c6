/**
 * Which request headers a scheme's signature covers: a delivery id read from such a header cannot
 * be changed by whoever replays a captured delivery, so it is a sound dedupe key.
 */
import type { SignatureConfig } from "../../types.js";
import { STANDARD_WEBHOOKS_HEADERS } from "./standard-webhooks.js";

/** True when `header` (lower-case) is covered by `signature`. */
export function signatureCoversHeader(signature: SignatureConfig, header: string): boolean {
  switch (signature.scheme) {
    case "hmac":
    case "ed25519":
    case "ecdsa-p256":
      return signature.idHeader === header && signature.signedContent.includes("{id}");
    case "standard-webhooks":
      return (STANDARD_WEBHOOKS_HEADERS.id as readonly string[]).includes(header);
    default:
      return false;
  }
}

/**
 * True when the body value at `path` is covered by `signature`: schemes that sign the whole body
 * (or its form parameters) cover every path; a scheme that signs only fields of the body (a
 * signature carried in it, as Mailgun's) covers just the `{body.<path>}` fields and a signed body
 * timestamp. An event id read from an uncovered path could be changed by whoever replays a
 * captured delivery, so it is no dedupe key.
 */
export function signatureCoversBodyPath(signature: SignatureConfig, path: string): boolean {
  switch (signature.scheme) {
    case "hmac":
    case "ed25519":
    case "ecdsa-p256": {
      const t = signature.signedContent;
      if (t.includes("{body}") || t.includes("{params}")) return true;
      if (t.includes(`{body.${path}}`)) return true;
      const ts = signature.timestamp;
      return ts?.body === path && t.includes("{timestamp}");
    }
    default:
      return true;
  }
}
