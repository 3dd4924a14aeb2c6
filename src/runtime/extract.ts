/**
 * Reads an event's type, id and timestamp as a provider's {@link EventExtraction} describes.
 */
import { createHash } from "node:crypto";
import type { EventExtraction, ValueSource } from "./types.js";

/** Walks a dotted path through own properties only (never into prototypes). */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The value a {@link ValueSource} points at: the header first, else the first body path holding a string or number. */
export function readSource(
  source: ValueSource,
  headers: Readonly<Record<string, string>>,
  payload: unknown,
): string | number | undefined {
  if (source.header !== undefined) {
    const value = headers[source.header];
    if (value !== undefined && value !== "") return value;
  }
  for (const path of source.body ?? []) {
    const value = readPath(payload, path);
    if (typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) return value;
  }
  return undefined;
}

/** The extracted identity of a delivery. */
export interface ExtractedEvent {
  /** `undefined` when no type could be found (treated as unknown and ignored). */
  readonly type: string | undefined;
  /** The bare type before `appendBody` (GitHub's `issues` for `issues.opened`). */
  readonly baseType: string | undefined;
  readonly id: string;
  readonly timestamp: Date;
}

function toDate(value: string | number | undefined, unit: "s" | "ms" | "iso"): Date | undefined {
  if (value === undefined) return undefined;
  let ms: number;
  if (unit === "iso") ms = typeof value === "number" ? value : Date.parse(value);
  else {
    const n = typeof value === "number" ? value : Number(value);
    ms = unit === "s" ? n * 1000 : n;
  }
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/**
 * Extracts type, id and timestamp. Without an id, the SHA-256 (hex) of the raw body stands in, so
 * a byte-identical redelivery still dedupes; without a timestamp, `now` is used.
 */
export function extractEvent(
  extraction: EventExtraction,
  headers: Readonly<Record<string, string>>,
  payload: unknown,
  rawBody: Uint8Array,
  now: number,
): ExtractedEvent {
  const rawType = readSource(extraction.type, headers, payload);
  const baseType = rawType === undefined ? undefined : String(rawType);
  let type = baseType;
  if (type !== undefined && extraction.type.appendBody !== undefined) {
    const suffix = readPath(payload, extraction.type.appendBody);
    if (typeof suffix === "string" && suffix !== "") type = `${type}.${suffix}`;
  }
  const rawId = extraction.id === undefined ? undefined : readSource(extraction.id, headers, payload);
  const id = rawId === undefined || rawId === "" ? createHash("sha256").update(rawBody).digest("hex") : String(rawId);
  const ts = extraction.timestamp;
  const timestamp = (ts === undefined ? undefined : toDate(readSource(ts, headers, payload), ts.unit)) ?? new Date(now);
  return { type, baseType, id, timestamp };
}
