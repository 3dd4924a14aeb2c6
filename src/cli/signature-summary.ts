/**
 * One line about a provider's signature for `list`: the scheme in brief and the request headers
 * it reads, so a user can tell at a glance what a delivery must carry.
 */
import type { SignatureConfig, SignedTimestamp } from "../runtime/types.js";

/** The scheme in a few words, e.g. `hmac sha256 hex`, `ed25519`, `token`. */
export function schemeSummary(sig: SignatureConfig): string {
  switch (sig.scheme) {
    case "hmac":
      return `hmac ${sig.algorithm} ${sig.encoding}${sig.body === undefined ? "" : ` (signature in the body at ${sig.body})`}`;
    case "stripe":
    case "github":
    case "slack":
      return `${sig.scheme} (hmac sha256 hex)`;
    default:
      return sig.scheme;
  }
}

/** Every request header the signature check reads, lower-cased, in reading order, no repeats. */
export function signatureHeaders(sig: SignatureConfig): string[] {
  const names: (string | undefined)[] = [];
  switch (sig.scheme) {
    case "none":
      break;
    case "stripe":
    case "github":
      names.push(sig.header);
      break;
    case "slack":
      names.push(sig.header, sig.timestampHeader);
      break;
    case "token":
      names.push(sig.header, ...(sig.headers ?? []));
      break;
    case "standard-webhooks":
      names.push("webhook-id", "webhook-timestamp", "webhook-signature", "svix-id", "svix-timestamp", "svix-signature");
      break;
    default: {
      const legacyTimestamp = sig.scheme === "hmac" ? sig.timestampHeader : undefined;
      names.push(sig.header, ...(sig.headers ?? []), timestampHeader(sig.timestamp) ?? legacyTimestamp, sig.idHeader, ...(sig.requiredHeaders ?? []));
    }
  }
  return [...new Set(names.filter((n): n is string => typeof n === "string" && n !== ""))];
}

function timestampHeader(ts: SignedTimestamp | undefined): string | undefined {
  return ts?.header;
}
