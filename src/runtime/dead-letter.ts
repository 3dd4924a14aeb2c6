/**
 * Dead letters: verified deliveries that were not dispatched — their payload failed schema
 * validation, their event type is not in the provider's catalog, or nothing (no middleware, no
 * handler) is registered for it — kept so that no delivery answered 2xx is dropped without a record.
 *
 * The in-memory list is bounded in entries and in bytes, and keeps bytes, never parsed objects: a
 * parsed payload can weigh thirty times its text (deeply nested arrays), so a handful of large
 * signed deliveries once filled a 1 GiB heap. An oversized body is kept as a capped prefix plus
 * its size and SHA-256.
 */
import { bytesToHex, sha256 } from "./crypto/index.js";
import { isPromiseLike, type MaybePromise } from "./maybe-promise.js";
import { parseBody } from "./parse.js";
import type { DeadLetterQuery, DeadLetterStore, DeadLetterUpdate, StoredDeadLetter } from "./stores/dead-letter-store.js";
import type { ValidationIssue } from "./types.js";

/**
 * Why a verified delivery was not dispatched. `stale`: older than a delivery already admitted for
 * the same object under `ordering: per_object` (docs/ordering.md). `handler_failed`: a queued
 * delivery whose handlers failed on every attempt (docs/queue.md).
 */
export type DeadLetterReason = "invalid_payload" | "unknown_event_type" | "no_handler" | "stale" | "handler_failed";

/** What the pipeline hands over to be kept. */
export interface DeadLetterInput {
  readonly reason: DeadLetterReason;
  readonly provider: string;
  readonly webhook: string;
  readonly id: string;
  /** The extracted event type; `""` when the delivery carried none. */
  readonly type: string;
  /** Time of receipt. */
  readonly receivedAt: Date;
  readonly payload: unknown;
  readonly rawBody: Uint8Array;
  /** The request's content type and the provider's body format: how a kept body is parsed again, as the pipeline parsed it. */
  readonly contentType?: string | undefined;
  readonly bodyFormat?: "json" | "form" | undefined;
  /** The request's headers without credentials or signatures: a replay extracts type and id from them as the pipeline did. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The validator's issues (path + message), possibly empty. */
  readonly issues: readonly ValidationIssue[];
}

/** One verified delivery that was kept instead of dispatched. */
export interface DeadLetterEntry extends DeadLetterInput {
  /**
   * The parsed body; `undefined` in a kept entry whose body was truncated. Kept entries parse
   * their bytes again on access rather than hold the object.
   */
  readonly payload: unknown;
  /** The body bytes kept: all of them, or a prefix when `truncated`. */
  readonly rawBody: Uint8Array;
  /** The body's full size in bytes. */
  readonly bodyBytes: number;
  /** SHA-256 (hex) of the full body. */
  readonly bodySha256: string;
  /** True when only a prefix of the body was kept. */
  readonly truncated: boolean;
}

/** Receives dead letters (with the full body and parsed payload); errors it throws are logged, never answered. */
export type DeadLetterHook = (entry: DeadLetterEntry) => void | Promise<void>;

/** Bounds of a {@link DeadLetterList}. */
export interface DeadLetterLimits {
  /** The most entries kept. Default 100. */
  readonly maxEntries?: number | undefined;
  /** The most body bytes kept over all entries. Default 4 MiB. */
  readonly maxBytes?: number | undefined;
  /** Bodies above this are kept as a prefix of this many bytes. Default 64 KiB. */
  readonly maxEntryBytes?: number | undefined;
}

/** A kept entry's own fields: everything but the payload, which is parsed from the bytes on access. */
type KeptFields = Omit<StoredDeadLetter, "payload">;

/** A kept entry: bytes only; `payload` is an own accessor that parses them again on every read. */
function kept(fields: KeptFields): StoredDeadLetter {
  return {
    ...fields,
    get payload(): unknown {
      if (fields.truncated) return undefined;
      try {
        return parseBody(fields.rawBody, fields.bodyFormat ?? "json", fields.contentType);
      } catch {
        return undefined;
      }
    },
  };
}

/** The own fields of a kept entry (without its `payload` accessor). */
function fieldsOf(e: StoredDeadLetter): KeptFields {
  const { payload: _parsed, ...fields } = Object.getOwnPropertyDescriptors(e);
  return Object.defineProperties({}, fields) as KeptFields;
}

/** A copy of the bytes (so a larger buffer they came from can be collected), a prefix when over `maxEntryBytes`. */
function keptEntry(input: DeadLetterInput, bodySha256: string, maxEntryBytes: number, key: string): StoredDeadLetter {
  const { payload: _parsed, rawBody: body, ...rest } = input;
  const truncated = body.byteLength > maxEntryBytes;
  return kept({
    ...rest,
    bodyFormat: input.bodyFormat ?? "json",
    issues: input.issues.slice(0, 100),
    rawBody: body.slice(0, truncated ? maxEntryBytes : body.byteLength),
    bodyBytes: body.byteLength,
    bodySha256,
    truncated,
    key,
    attempts: 0,
  });
}

/**
 * A ring of the most recent dead letters, bounded in entries and bytes: the processor's own list,
 * and the in-memory {@link DeadLetterStore} (lost on restart; use `RedisDeadLetterStore` for that).
 */
export class DeadLetterList implements DeadLetterStore {
  readonly #entries: StoredDeadLetter[] = [];
  #bytes = 0;
  #seq = 0;
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly maxEntryBytes: number;

  /** @param limits the bounds (a number is `maxEntries`, as before). */
  constructor(limits: DeadLetterLimits | number = {}) {
    const l = typeof limits === "number" ? { maxEntries: limits } : limits;
    this.maxEntries = l.maxEntries ?? 100;
    this.maxBytes = l.maxBytes ?? 4 * 1024 * 1024;
    this.maxEntryBytes = Math.min(l.maxEntryBytes ?? 64 * 1024, this.maxBytes);
  }

  /** The most entries kept (the former name of `maxEntries`). */
  get capacity(): number {
    return this.maxEntries;
  }

  /** Total body bytes currently kept. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Keeps `input` (compacted), dropping the oldest entries past either bound. Returns the full entry for hooks. */
  push(input: DeadLetterInput): DeadLetterEntry | Promise<DeadLetterEntry> {
    const digest = sha256(input.rawBody);
    if (isPromiseLike(digest)) return Promise.resolve(digest).then((bytes) => this.#keep(input, bytesToHex(bytes)).full);
    return this.#keep(input, bytesToHex(digest)).full;
  }

  /** {@link DeadLetterStore.add}: keeps `input` and answers its key. */
  add(input: DeadLetterInput): MaybePromise<string> {
    const digest = sha256(input.rawBody);
    if (isPromiseLike(digest)) return Promise.resolve(digest).then((bytes) => this.#keep(input, bytesToHex(bytes)).key);
    return this.#keep(input, bytesToHex(digest)).key;
  }

  #keep(input: DeadLetterInput, bodySha256: string): { key: string; full: DeadLetterEntry } {
    const key = String(++this.#seq);
    const kept = keptEntry(input, bodySha256, this.maxEntryBytes, key);
    this.#entries.push(kept);
    this.#bytes += kept.rawBody.byteLength;
    while (this.#entries.length > this.maxEntries || this.#bytes > this.maxBytes) {
      this.#bytes -= this.#entries.shift()!.rawBody.byteLength;
    }
    return { key, full: { ...input, bodyBytes: kept.bodyBytes, bodySha256, truncated: false } };
  }

  /** A snapshot, oldest first (all entries unless `query` filters or pages them). */
  list(query: DeadLetterQuery = {}): readonly StoredDeadLetter[] {
    const { provider, webhook, limit = Number.POSITIVE_INFINITY } = query;
    const after = query.cursor === undefined ? 0 : Number(query.cursor);
    const out: StoredDeadLetter[] = [];
    for (const e of this.#entries) {
      if (out.length >= limit) break;
      if (Number(e.key) <= after || (provider !== undefined && e.provider !== provider) || (webhook !== undefined && e.webhook !== webhook)) continue;
      out.push(e);
    }
    return out;
  }

  /** {@link DeadLetterStore.get}. */
  get(key: string): StoredDeadLetter | undefined {
    return this.#entries.find((e) => e.key === key);
  }

  /** {@link DeadLetterStore.delete}. */
  delete(key: string): boolean {
    const at = this.#entries.findIndex((e) => e.key === key);
    if (at === -1) return false;
    this.#bytes -= this.#entries.splice(at, 1)[0]!.rawBody.byteLength;
    return true;
  }

  /** {@link DeadLetterStore.update}: the entry keeps its key and place. */
  update(key: string, changes: DeadLetterUpdate): boolean {
    const at = this.#entries.findIndex((e) => e.key === key);
    if (at === -1) return false;
    const old = this.#entries[at]!;
    this.#entries[at] = kept({
      ...fieldsOf(old),
      reason: changes.reason ?? old.reason,
      issues: (changes.issues ?? old.issues).slice(0, 100),
      attempts: changes.attempts,
      lastFailure: changes.lastFailure,
    });
    return true;
  }

  /** Empties the list (e.g. after re-driving entries). */
  clear(): void {
    this.#entries.length = 0;
    this.#bytes = 0;
  }
}

/** Headers never kept with a dead letter: credentials and signatures (the delivery was verified when received). */
const SENSITIVE_HEADER = /signature|secret|token|authorization|cookie|api[-_]?key/i;

/** The headers worth keeping for a replay (type and id may come from headers): all but credentials and signatures. */
export function keptHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!SENSITIVE_HEADER.test(name)) out[name] = value;
  return out;
}
