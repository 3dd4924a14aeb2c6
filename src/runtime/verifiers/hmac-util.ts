/**
 * HMAC over a prefix plus the raw body, without copying or decoding the body.
 */
import { createHmac } from "node:crypto";

/** HMAC of `parts` (strings as UTF-8, bytes as-is) keyed by `secret`, in `encoding`. */
export function hmac(
  algorithm: "sha1" | "sha256" | "sha512",
  secret: string,
  parts: readonly (string | Uint8Array)[],
  encoding: "hex" | "base64",
): string {
  const mac = createHmac(algorithm, secret);
  for (const part of parts) mac.update(part);
  return mac.digest(encoding);
}

/** HMAC of `parts` as raw bytes (compare with `digestEqualsHex` rather than encoding it). */
export function hmacDigest(algorithm: "sha1" | "sha256" | "sha512", secret: string, parts: readonly (string | Uint8Array)[]): Buffer {
  const mac = createHmac(algorithm, secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
}
