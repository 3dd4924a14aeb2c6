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
