/**
 * Pools of distinct deliveries of one payload: the same JSON with one string field (the payload's
 * `vary` path) replaced by an equal-length unique value, so every body differs (dedupe never sees
 * a repeat, even when it keys on the body or its signature) while every size stays equal.
 */
import type { BenchPayload } from "./payloads.js";

export interface Delivery {
  readonly index: number;
  readonly bytes: Buffer;
  readonly text: string;
  /** The varied field's value in this delivery. */
  readonly unique: string;
  /** A delivery/message id of fixed length, unique within the pool (GUID-shaped). */
  readonly id: string;
}

/**
 * Characters of the varied field that carry seed + counter (hex keeps SHAs hex; ids stay
 * strings). The seed is in the body too: pools of different seeds must not share a body, since
 * the runtime may dedupe on the body's signature rather than on a delivery-id header.
 */
const COUNTER = 20;

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** A pool builder for `p`: `make(i)` is delivery i (deterministic, distinct for distinct i). */
export function poolMaker(p: BenchPayload, seed = 0): (index: number) => Delivery {
  const value = structuredClone(p.value) as Record<string, unknown>;
  let parent: Record<string, unknown> = value;
  for (const k of p.vary.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
  const key = p.vary[p.vary.length - 1] as string;
  const original = parent[key];
  if (typeof original !== "string" || original.length <= COUNTER) throw new Error(`${p.id}: ${p.vary.join(".")} is not a string longer than ${COUNTER}`);
  // A marker of the same length, found exactly once in the serialised body, marks where ids go.
  const marker = "~".repeat(original.length);
  parent[key] = marker;
  const text = JSON.stringify(value);
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + 1) >= 0) throw new Error(`${p.id}: marker not unique in body`);
  const before = text.slice(0, at);
  const after = text.slice(at + marker.length);
  const stem = original.slice(0, original.length - COUNTER);
  const seedHex = hex(seed >>> 0, 8);
  return (index) => {
    const unique = `${stem}${seedHex}${hex(index, COUNTER - 8)}`;
    const body = `${before}${unique}${after}`;
    return { index, bytes: Buffer.from(body, "utf8"), text: body, unique, id: `${seedHex}-0000-4000-8000-${hex(index, 12)}` };
  };
}

/** `count` distinct deliveries, indices `from` … `from + count − 1`. */
export function pool(p: BenchPayload, count: number, from = 0, seed = 0): Delivery[] {
  const make = poolMaker(p, seed);
  return Array.from({ length: count }, (_, i) => make(from + i));
}

/** A copy of `bytes` with one character of the varied field changed (same length): a tampered body. */
export function tampered(d: Delivery): Buffer {
  // A byte offset (the text may hold multi-byte characters before the field).
  const at = d.bytes.indexOf(d.unique) + Buffer.byteLength(d.unique) - 1;
  const copy = Buffer.from(d.bytes);
  // Flip between two hex digits so the body stays valid JSON of the same shape.
  copy[at] = copy[at] === 0x30 ? 0x31 : 0x30;
  return copy;
}
