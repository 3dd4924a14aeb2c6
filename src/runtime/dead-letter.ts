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
import { isPromiseLike } from "./maybe-promise.js";
import { parseBody } from "./parse.js";
import type { ValidationIssue } from "./types.js";

/** Why a verified delivery was not dispatched. */
export type DeadLetterReason = "invalid_payload" | "unknown_event_type" | "no_handler";

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

/** A kept entry: bytes only (a copy, so a larger buffer they came from can be collected); the payload is parsed again when read. */
function keptEntry(input: DeadLetterInput, bodySha256: string, maxEntryBytes: number): DeadLetterEntry {
  const { payload: _parsed, rawBody: body, ...fields } = input;
  const truncated = body.byteLength > maxEntryBytes;
  const rawBody = body.slice(0, truncated ? maxEntryBytes : body.byteLength);
  const bodyFormat = input.bodyFormat ?? "json";
  return {
    ...fields,
    bodyFormat,
    issues: input.issues.slice(0, 100),
    rawBody,
    bodyBytes: body.byteLength,
    bodySha256,
    truncated,
    get payload(): unknown {
      if (truncated) return undefined;
      try {
        return parseBody(rawBody, bodyFormat, input.contentType);
      } catch {
        return undefined;
      }
    },
  };
}

/** A ring of the most recent dead letters, bounded in entries and bytes. */
export class DeadLetterList {
  readonly #entries: DeadLetterEntry[] = [];
  #bytes = 0;
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
    if (isPromiseLike(digest)) return Promise.resolve(digest).then((bytes) => this.#keep(input, bytesToHex(bytes)));
    return this.#keep(input, bytesToHex(digest));
  }

  #keep(input: DeadLetterInput, bodySha256: string): DeadLetterEntry {
    const kept = keptEntry(input, bodySha256, this.maxEntryBytes);
    this.#entries.push(kept);
    this.#bytes += kept.rawBody.byteLength;
    while (this.#entries.length > this.maxEntries || this.#bytes > this.maxBytes) {
      this.#bytes -= this.#entries.shift()!.rawBody.byteLength;
    }
    return { ...input, bodyBytes: kept.bodyBytes, bodySha256, truncated: false };
  }

  /** A snapshot, oldest first. */
  list(): readonly DeadLetterEntry[] {
    return [...this.#entries];
  }

  /** Empties the list (e.g. after re-driving entries). */
  clear(): void {
    this.#entries.length = 0;
    this.#bytes = 0;
  }
}
