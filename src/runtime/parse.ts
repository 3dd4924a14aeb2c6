/**
 * Body parsing (JSON, form-encoded) that cannot pollute prototypes.
 */

// Form fields become object keys directly, so none of these may pass.
const FORBIDDEN_FORM_KEYS = new Set(["__proto__", "constructor", "prototype"]);
// An escaped ASCII letter or underscore could spell a forbidden key (`"\u005f_proto__"`).
const ESCAPED_ASCII = /\\u00[5-7][0-9a-fA-F]/;

/** True for a `constructor` value that a deep merge could turn into a prototype write. */
function isConstructorGadget(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.hasOwn(value, "prototype");
}

/**
 * Drops what a later deep merge in user code could turn into prototype pollution, as
 * secure-json-parse does: every `__proto__` key, and a `constructor` key whose value carries a
 * `prototype`. A plain `"constructor": "x"` or `"prototype": …` field is data and is kept.
 * Iterative, not JSON.parse's reviver: the reviver's walk recurses and overflows the stack on
 * deep (but valid, signed) bodies that V8's own parser handles.
 */
function scrubGadgets(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === "object" && item !== null) stack.push(item);
      continue;
    }
    const record = value as Record<string, unknown>;
    // JSON.parse defines "__proto__" as an own data property; it never sets the prototype.
    if (Object.hasOwn(record, "__proto__")) delete record["__proto__"];
    if (Object.hasOwn(record, "constructor") && isConstructorGadget(record["constructor"])) delete record["constructor"];
    for (const key in record) {
      const child = record[key];
      if (typeof child === "object" && child !== null) stack.push(child);
    }
  }
}

const GADGET_KEY = /__proto__|prototype/;

/**
 * True when `text` might hold a gadget the scrub drops; false positives only cost the scrub.
 *
 * A `__proto__` gadget contains "__proto__" and a `constructor` gadget needs a "prototype" key,
 * unless a letter or underscore of theirs is written as a `\u00XX` escape. Measured on the 7.7 kB
 * GitHub push: the regex costs ~0.6 µs, where `includes("proto")` cost ~1 µs (V8 finds a short
 * needle by jumping between occurrences of its first character, and "p" is everywhere in JSON;
 * irregexp skips ahead Boyer–Moore style over the two 9-character alternatives) and separate
 * `includes("__proto__")` + `includes("constructor")` cost ~5 µs. A backslash is rare enough that
 * its search is nearly free.
 */
function mightHoldGadget(text: string): boolean {
  return GADGET_KEY.test(text) || (text.includes("\\u00") && ESCAPED_ASCII.test(text));
}

/**
 * `JSON.parse` without prototype-pollution gadgets (see {@link scrubGadgets}). The scrub only
 * runs when the text could contain one: a substring scan is far cheaper than a walk.
 */
export function safeJsonParse(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (mightHoldGadget(text)) scrubGadgets(value);
  return value;
}

/**
 * Parses `application/x-www-form-urlencoded`. When a `payload` field exists (Slack interactivity),
 * its JSON is the body; otherwise the fields become a null-prototype object (last value wins).
 */
export function parseForm(text: string): unknown {
  const params = new URLSearchParams(text);
  const payload = params.get("payload");
  if (payload !== null) return safeJsonParse(payload);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of params) if (!FORBIDDEN_FORM_KEYS.has(key)) out[key] = value;
  return out;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Thrown when a body does not parse; the pipeline answers 400. */
export class BodyParseError extends Error {
  constructor(cause: unknown) {
    super("request body does not parse", { cause });
    this.name = "BodyParseError";
  }
}

const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\s*(;|$)/i;

/**
 * Parses a raw body per the provider's `bodyFormat` and the request's content type: a form
 * provider still accepts JSON when the content type says so (Slack sends Events API deliveries as
 * JSON and interactivity as forms), and a JSON provider accepts a form-encoded body (GitHub's
 * `application/x-www-form-urlencoded` content type sends the JSON as a `payload=` field).
 */
export function parseBody(rawBody: Uint8Array, format: "json" | "form", contentType: string | undefined): unknown {
  try {
    const text = decoder.decode(rawBody);
    const form = contentType !== undefined && FORM_TYPE.test(contentType);
    if (form || (format === "form" && !(contentType ?? "").toLowerCase().includes("json"))) return parseForm(text);
    return safeJsonParse(text);
  } catch (error) {
    throw new BodyParseError(error);
  }
}
