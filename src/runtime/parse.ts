/**
 * Body parsing (JSON, form-encoded) that cannot pollute prototypes.
 */

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
// An escaped ASCII letter or underscore could spell a forbidden key (`"\u005f_proto__"`).
const ESCAPED_ASCII = /\\u00[5-7][0-9a-fA-F]/;

function reviver(key: string, value: unknown): unknown {
  return FORBIDDEN_KEYS.has(key) ? undefined : value;
}

/**
 * `JSON.parse` with `__proto__`, `constructor` and `prototype` keys dropped. The reviver only runs
 * when the text could contain one of them: a few substring scans are far cheaper than a reviver.
 */
export function safeJsonParse(text: string): unknown {
  const suspicious =
    text.includes("__proto__") ||
    text.includes("constructor") ||
    text.includes("prototype") ||
    (text.includes("\\u00") && ESCAPED_ASCII.test(text));
  return suspicious ? JSON.parse(text, reviver) : JSON.parse(text);
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
  for (const [key, value] of params) if (!FORBIDDEN_KEYS.has(key)) out[key] = value;
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

/**
 * Parses a raw body per the provider's `bodyFormat`. A form provider still accepts JSON when the
 * content type says so (Slack sends Events API deliveries as JSON and interactivity as forms).
 */
export function parseBody(rawBody: Uint8Array, format: "json" | "form", contentType: string | undefined): unknown {
  try {
    const text = decoder.decode(rawBody);
    if (format === "form" && !(contentType ?? "").toLowerCase().includes("json")) return parseForm(text);
    return safeJsonParse(text);
  } catch (error) {
    throw new BodyParseError(error);
  }
}
