/**
 * Header normalisation for the event handed to handlers.
 */
import type { HeaderBag } from "./types.js";

/** Lower-case names, string values; repeated headers joined with `, ` as HTTP allows. */
export function normalizeHeaders(headers: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name.toLowerCase()] = typeof value === "string" ? value : value.join(", ");
  }
  return out;
}
