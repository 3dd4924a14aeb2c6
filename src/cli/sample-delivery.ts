/**
 * A fresh test delivery of one event: a sample payload with the provider's event identity (type,
 * id, timestamp) filled in where its EventExtraction reads them, plus the identifying headers.
 * Pure: the clock and randomness come in as arguments.
 */
import { patternPrefix, samplePayload, schemaAtPath, stringMatches, typesOf } from "../json-schema/index.js";
import type { JsonSchema, ProviderSchemas } from "../manifest/types.js";
import type { EventExtraction, SignatureConfig } from "../runtime/types.js";
import { splitEventType } from "../testing/variants.js";

export { splitEventType };

/** What makes a delivery unique: the time, and random material for ids. */
export interface Freshness {
  /** ms since the epoch. */
  readonly now: number;
  /** Random lower-case hex, used in body ids (`evt_test_<hex>`). */
  readonly hex: string;
  /** A random UUID, used for header ids (GitHub's X-GitHub-Delivery). */
  readonly uuid: string;
}

/** The headers that identify the event: the type and id headers (when the provider uses them) and the JSON content type. */
export function identityHeaders(extraction: EventExtraction, event: string, fresh: Freshness): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (extraction.type.header !== undefined) headers[extraction.type.header] = splitEventType(extraction, event).base;
  if (extraction.id?.header !== undefined) headers[extraction.id.header] = fresh.uuid;
  const ts = extraction.timestamp;
  if (ts?.header !== undefined) headers[ts.header] = String(timestampValue(ts.unit, fresh.now, undefined));
  return headers;
}

/** A sample payload of `event` whose type, id and timestamp make it a new, current delivery. */
export function freshPayload(schemas: ProviderSchemas, extraction: EventExtraction, event: string, fresh: Freshness, signature?: SignatureConfig): unknown {
  const schema = schemas.events[event];
  if (schema === undefined) throw new Error(`no schema for event ${JSON.stringify(event)}`);
  const payload = samplePayload(schema, schemas.defs);
  const declared = (path: string): boolean => schemaAtPath(schema, schemas.defs, path) !== undefined;
  // Only where the schema declares the field: Slack's url_verification has no event_id, and its
  // schema (like any closed one) would reject one added.
  const set = (path: string | undefined, value: (at: JsonSchema | undefined) => unknown): void => {
    if (path !== undefined && declared(path)) setPath(payload, path, value(schemaAtPath(schema, schemas.defs, path)), schema, schemas.defs);
  };
  const { base, suffix } = splitEventType(extraction, event);
  // The type at the first path the schema declares (Slack: `event.type`, else the top-level
  // `type`). A schema declaring none gets it at the first path unless `when_present` already
  // names the event from a key the sample has (Slack's slash_command: `command`).
  const typePaths = extraction.type.body ?? [];
  const typePath = typePaths.find(declared);
  const named = extraction.type.whenPresent?.some((w) => w.type === event && schemaAtPath(schema, schemas.defs, w.path) !== undefined);
  if (typePath !== undefined) setPath(payload, typePath, typeValue(schemaAtPath(schema, schemas.defs, typePath), base), schema, schemas.defs);
  else if (typePaths[0] !== undefined && !named) setPath(payload, typePaths[0], base, schema, schemas.defs);
  if (suffix !== undefined) set(extraction.type.appendBody, () => suffix);
  set(extraction.id?.body?.[0], (at) => freshId(at, fresh.hex));
  const ts = extraction.timestamp;
  if (ts !== undefined) set(ts.body?.[0], (at) => timestampValue(ts.unit, fresh.now, at));
  // A signed timestamp inside the body (Linear's webhookTimestamp) must be current too, or the
  // delivery is refused as stale. (Body-carried signatures, Mailgun's, are filled by the signer.)
  const signed = signature !== undefined && "timestamp" in signature ? signature.timestamp : undefined;
  if (signed?.body !== undefined && !("body" in signature! && signature.body !== undefined)) {
    const unit = signed.unit ?? "s";
    set(signed.body, (at) => timestampValue(unit, fresh.now, at));
  }
  return payload;
}

/** `evt_test_<hex>`, or `<prefix>_test_<hex>` when the id's `pattern` demands a prefix (Slack's `^Ev`). */
function freshId(at: JsonSchema | undefined, hex: string): string | number {
  if (at !== undefined && isNumeric(at)) return Number.parseInt(hex.slice(0, 12), 16);
  const fallback = `evt_test_${hex}`;
  const prefix = at === undefined ? undefined : patternPrefix(at);
  if (at === undefined || prefix === undefined || stringMatches(at, fallback)) return fallback;
  const prefixed = `${prefix}${prefix.endsWith("_") ? "" : "_"}test_${hex}`;
  return stringMatches(at, prefixed) ? prefixed : fallback;
}

function types(schema: JsonSchema): unknown[] {
  return typesOf(schema) ?? [];
}

function isNumeric(schema: JsonSchema): boolean {
  const list = types(schema);
  return !list.includes("string") && (list.includes("integer") || list.includes("number"));
}

function timestampValue(unit: "s" | "ms" | "iso", now: number, at: JsonSchema | undefined): string | number {
  const value = unit === "iso" ? new Date(now).toISOString() : unit === "ms" ? now : Math.floor(now / 1000);
  // A numeric timestamp declared as a string (some providers quote Unix times) stays a string.
  return typeof value === "number" && at !== undefined && !isNumeric(at) && types(at).includes("string") ? String(value) : value;
}

/** Sets a dotted path, creating missing parents from their own sample so they stay valid. */
/** The type as the schema wants it: Discord's interaction type is the number 2, not the text "2". */
function typeValue(at: JsonSchema | undefined, text: string): string | number {
  const numeric = at !== undefined && (typeof at.const === "number" || at.type === "integer" || at.type === "number");
  return numeric && text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
}

function setPath(payload: unknown, path: string, value: unknown, schema: JsonSchema, defs: Readonly<Record<string, JsonSchema>>): void {
  const keys = path.split(".");
  let current = payload;
  for (const [i, key] of keys.entries()) {
    if (current === null || typeof current !== "object") return; // the path runs through a scalar: leave it
    const target = current as Record<string, unknown>;
    if (i === keys.length - 1) {
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      return;
    }
    if (!Object.hasOwn(target, key) || target[key] === null) {
      const sub = schemaAtPath(schema, defs, keys.slice(0, i + 1).join("."));
      Object.defineProperty(target, key, { value: sub === undefined ? {} : samplePayload(sub, defs), enumerable: true, writable: true, configurable: true });
    }
    current = target[key];
  }
}
