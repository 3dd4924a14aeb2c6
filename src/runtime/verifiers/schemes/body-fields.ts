/**
 * Values the generic schemes read from the JSON body before the signature is checked: a signature
 * carried in the body (Mailgun's `signature.signature`), the fields it signs (`{body.<path>}`)
 * and a timestamp among them. The bytes were read within the webhook's `max_body_bytes`; parsing
 * them never throws to the caller, it answers why it failed.
 */

// Fatal: a body that is not UTF-8 is no JSON a sender signed fields of.
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The parsed JSON body, or why there is none. */
export type ParsedBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

/** Parses `bytes` as JSON (UTF-8); a malformed, non-UTF-8 or too deeply nested body is a reason, not a throw. */
export function parseJsonBody(bytes: Uint8Array): ParsedBody {
  try {
    return { ok: true, value: JSON.parse(UTF8.decode(bytes)) as unknown };
  } catch {
    return { ok: false, reason: "the body is not JSON" };
  }
}

/** The value at `keys` (own properties only, so `__proto__` and inherited names read nothing). */
export function readPath(root: unknown, keys: readonly string[]): unknown {
  let value = root;
  for (const key of keys) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The text a sender signs for a body value: a string as is, a finite number as JavaScript writes it. */
export function fieldText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Sets `keys` to `value` in the JSON object `root`, creating objects on the way (for signers).
 * A top-level key it creates comes first, so a signed object lands where Mailgun puts it
 * (`{"signature": {…}, "event-data": {…}}`); deeper keys are appended in the order written.
 */
export function writePath(root: Record<string, unknown>, keys: readonly string[], value: unknown, depth = 0): Record<string, unknown> {
  const [key, ...rest] = keys;
  if (key === undefined) return root;
  const existing = Object.hasOwn(root, key) ? root[key] : undefined;
  const child = rest.length === 0
    ? value
    : writePath(existing !== null && typeof existing === "object" && !Array.isArray(existing) ? (existing as Record<string, unknown>) : {}, rest, value, depth + 1);
  if (Object.hasOwn(root, key) || depth > 0) {
    // defineProperty: a "__proto__" key stays an own data property, as JSON.parse made it.
    Object.defineProperty(root, key, { value: child, writable: true, enumerable: true, configurable: true });
    return root;
  }
  return { [key]: child, ...root };
}
