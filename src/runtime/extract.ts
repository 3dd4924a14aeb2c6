/**
 * Reads an event's type, id and timestamp (and, for ordering, its object's id and time) as a
 * provider's {@link EventExtraction} describes, compiled once per definition: dotted paths are
 * split at compile time, not per delivery.
 */
import { bytesToHex, sha256 } from "./crypto/index.js";
import { isPromiseLike } from "./maybe-promise.js";
import type { EventExtraction, HeaderBag, ValueSource } from "./types.js";

/** Walks a dotted path through own properties only (never into prototypes). */
export function readPath(value: unknown, path: string): unknown {
  return readKeys(value, path.split("."));
}

function readKeys(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The single value of header `name` (lower-case); repeated headers are joined with `, ` as HTTP allows. */
export function headerText(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return value === undefined || typeof value === "string" ? value : value.join(", ");
}

/** The extracted identity of a delivery. */
export interface ExtractedEvent {
  /** `undefined` when no type could be found (treated as unknown). */
  readonly type: string | undefined;
  /** The bare type before `appendBody` (GitHub's `issues` for `issues.opened`). */
  readonly baseType: string | undefined;
  /** `undefined` when the delivery carries none (the pipeline then uses the body's SHA-256). */
  readonly id: string | undefined;
  /** The event's time in ms since the epoch (the time of receipt when it states none). */
  readonly timestampMs: number;
}

/** An extraction ready to run: headers, parsed payload and the time of receipt in, identity out. */
export type CompiledExtraction = (headers: HeaderBag, payload: unknown, now: number) => ExtractedEvent;

type Reader = (headers: HeaderBag, payload: unknown) => string | number | undefined;

/** A {@link ValueSource} as a function: the header first, else the first body path holding a string or finite number. */
function compileSource(source: ValueSource): Reader {
  const header = source.header;
  const paths = (source.body ?? []).map((p) => p.split("."));
  return (headers, payload) => {
    if (header !== undefined) {
      const value = headerText(headers, header);
      if (value !== undefined && value !== "") return value;
    }
    for (let i = 0; i < paths.length; i++) {
      const value = readKeys(payload, paths[i]!);
      if (typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) return value;
    }
    return undefined;
  };
}

function toMs(value: string | number | undefined, unit: "s" | "ms" | "iso"): number | undefined {
  if (value === undefined) return undefined;
  let ms: number;
  if (unit === "iso") ms = typeof value === "number" ? value : Date.parse(value);
  else {
    const n = typeof value === "number" ? value : Number(value);
    ms = unit === "s" ? n * 1000 : n;
  }
  return Number.isFinite(ms) ? ms : undefined;
}

/** Compiles `extraction`; without a timestamp source (or a readable value) the time of receipt is used. */
export function compileExtraction(extraction: EventExtraction): CompiledExtraction {
  const readType = compileSource(extraction.type);
  const suffixKeys = extraction.type.appendBody?.split(".");
  const names = extraction.type.names;
  const named = (extraction.type.whenPresent ?? []).map((w) => ({ keys: w.path.split("."), type: w.type }));
  const readId = extraction.id === undefined ? undefined : compileSource(extraction.id);
  const ts = extraction.timestamp;
  const readTimestamp = ts === undefined ? undefined : compileSource(ts);
  const unit = ts?.unit ?? "ms";
  return (headers, payload, now) => {
    let rawType = readType(headers, payload);
    for (let i = 0; rawType === undefined && i < named.length; i++) {
      const value = readKeys(payload, named[i]!.keys);
      if (typeof value === "string" && value !== "") rawType = named[i]!.type;
    }
    let baseType = rawType === undefined ? undefined : String(rawType);
    if (names !== undefined && baseType !== undefined && Object.hasOwn(names, baseType)) baseType = names[baseType];
    let type = baseType;
    if (type !== undefined && suffixKeys !== undefined) {
      const suffix = readKeys(payload, suffixKeys);
      if (typeof suffix === "string" && suffix !== "") type = `${type}.${suffix}`;
    }
    const rawId = readId?.(headers, payload);
    const id = rawId === undefined || rawId === "" ? undefined : String(rawId);
    const ms = readTimestamp === undefined ? undefined : toMs(readTimestamp(headers, payload), unit);
    return { type, baseType, id, timestampMs: ms ?? now };
  };
}

/** The object a delivery is about, and the time of the state it carries. */
export interface ExtractedObject {
  readonly id: string;
  /** Ms since the epoch, as the delivery states it (never the time of receipt). */
  readonly timestampMs: number;
}

/** Reads {@link ExtractedObject}; `undefined` when the delivery names no object or states no time. */
export type CompiledObjectExtraction = (headers: HeaderBag, payload: unknown) => ExtractedObject | undefined;

/**
 * Compiles the object extraction of `extraction` (`objectId`, and `objectTimestamp` else the
 * event's `timestamp`); `undefined` when it declares no object id or no time to order by.
 */
export function compileObjectExtraction(extraction: EventExtraction): CompiledObjectExtraction | undefined {
  const ts = extraction.objectTimestamp ?? extraction.timestamp;
  if (extraction.objectId === undefined || ts === undefined) return undefined;
  const readId = compileSource(extraction.objectId);
  const readTimestamp = compileSource(ts);
  const { unit } = ts;
  return (headers, payload) => {
    const rawId = readId(headers, payload);
    if (rawId === undefined || rawId === "") return undefined;
    const timestampMs = toMs(readTimestamp(headers, payload), unit);
    return timestampMs === undefined ? undefined : { id: String(rawId), timestampMs };
  };
}

/**
 * A one-off extraction (the CLI's `test-webhook` shows what the pipeline will read). Without an
 * id, the body's SHA-256 stands in, as in the pipeline; where hashing is asynchronous (Web Crypto
 * only) the id is left empty rather than making this synchronous helper async.
 */
export function extractEvent(
  extraction: EventExtraction,
  headers: HeaderBag,
  payload: unknown,
  rawBody: Uint8Array,
  now: number,
): ExtractedEvent & { readonly id: string; readonly timestamp: Date } {
  const extracted = compileExtraction(extraction)(headers, payload, now);
  const timestamp = new Date(extracted.timestampMs);
  if (extracted.id !== undefined) return { ...extracted, id: extracted.id, timestamp };
  const digest = sha256(rawBody);
  return { ...extracted, id: isPromiseLike(digest) ? "" : bytesToHex(digest), timestamp };
}
