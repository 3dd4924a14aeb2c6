/**
 * Where dead letters are kept: the store interface the pipeline writes to (`deadLetters` option)
 * and operators read from (list / get / delete, and replay through the current handlers).
 *
 * Two implementations: `DeadLetterList` (src/runtime/dead-letter.ts, in memory, bounded in entries
 * and bytes, the processor's own list) and `RedisDeadLetterStore` (./redis-dead-letters.ts,
 * survives a restart and is shared by every instance).
 */
import type { DeadLetterEntry, DeadLetterInput, DeadLetterReason } from "../dead-letter.js";
import { errorMessage } from "../errors.js";
import type { LogFields, WebhookLogger } from "../log.js";
import type { MaybePromise } from "../maybe-promise.js";
import { Delivery } from "../pipeline/delivery.js";
import { resolveSettings } from "../pipeline/options.js";
import { OUTCOMES, type Outcome } from "../pipeline/outcomes.js";
import { resolveRouteContext, type RouteContext } from "../pipeline/route-context.js";
import { runSteps } from "../pipeline/run-steps.js";
import { createClaim } from "../pipeline/steps/claim.js";
import { createDispatch } from "../pipeline/steps/dispatch.js";
import { createIdentify } from "../pipeline/steps/identify.js";
import { createValidate } from "../pipeline/steps/validate.js";
import { getWebhookRegistry, type WebhookRegistry } from "../registry.js";
import type { ValidationIssue, WebhookRequest } from "../types.js";

/** Which entries {@link DeadLetterStore.list} returns. */
export interface DeadLetterQuery {
  /** Only this provider's entries. */
  readonly provider?: string | undefined;
  /** Only this webhook's entries. */
  readonly webhook?: string | undefined;
  /** At most this many (memory: all by default; Redis: 100). */
  readonly limit?: number | undefined;
  /** Only entries after this key: pass the `key` of the last entry of the previous page. */
  readonly cursor?: string | undefined;
}

/** A kept dead letter, as a store holds it. */
export interface StoredDeadLetter extends DeadLetterEntry {
  /** The store's id of the entry (increasing: later entries have larger keys). */
  readonly key: string;
  /** How many replays have failed. */
  readonly attempts: number;
  /** Why the last replay failed (e.g. `"handler_failed: boom"`), if one did. */
  readonly lastFailure?: string | undefined;
}

/** What a failed replay changes in an entry. */
export interface DeadLetterUpdate {
  /** The reason the replay stopped, when it stopped for one of the dead-letter reasons. */
  readonly reason?: DeadLetterReason | undefined;
  readonly issues?: readonly ValidationIssue[] | undefined;
  readonly attempts: number;
  readonly lastFailure: string;
}

/**
 * Keeps dead letters. Methods may answer a plain value (memory) or a promise (Redis), as the
 * other stores do. A failing `add` must reject (or throw): the pipeline then answers 503 so the
 * provider retries, rather than 2xx without a record.
 */
export interface DeadLetterStore {
  /** Keeps `input` and answers its key. */
  add(input: DeadLetterInput): MaybePromise<string>;
  /** Entries oldest first, filtered and paged by `query`. */
  list(query?: DeadLetterQuery): MaybePromise<readonly StoredDeadLetter[]>;
  /** One entry, or `undefined` when there is none (deleted, evicted or expired). */
  get(key: string): MaybePromise<StoredDeadLetter | undefined>;
  /** Removes an entry; `true` when it existed. */
  delete(key: string): MaybePromise<boolean>;
  /** Records a failed replay on an entry; `false` when it no longer exists. */
  update(key: string, changes: DeadLetterUpdate): MaybePromise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Replay

/** Options of {@link replayDeadLetter}. */
export interface ReplayOptions {
  /** Where the entry is kept; a replayed entry is deleted from it, a failed one updated. */
  readonly store: DeadLetterStore;
  /** Whose handlers run. Default: the process-wide registry. */
  readonly registry?: WebhookRegistry;
  /** Log sink for the replay's own lines (a failing handler, drift); missing levels fall back to `debug`. */
  readonly logger?: Partial<WebhookLogger>;
}

/** How a replay ended: `processed` (handlers ran, entry deleted), a pipeline outcome that stopped it, or why it could not run. */
export type ReplayOutcome = Outcome | "not_found" | "truncated";

/** The result of replaying one entry. */
export interface ReplayResult {
  readonly key: string;
  readonly outcome: ReplayOutcome;
  /** True when the entry was removed from the store (it was processed). */
  readonly deleted: boolean;
  /** JSON text of the first handler result, when one returned something. */
  readonly body?: string | undefined;
  /** Why it failed, as recorded in the entry's `lastFailure`. */
  readonly failure?: string | undefined;
}

/** The request a kept entry stands for: its exact bytes and the headers kept with it. */
function requestOf(entry: StoredDeadLetter, path: string): WebhookRequest {
  const headers = entry.headers ?? (entry.contentType === undefined ? {} : { "content-type": entry.contentType });
  return { method: "POST", path, headers, remoteAddress: undefined, readBody: () => entry.rawBody };
}

/**
 * Runs a kept dead letter through parse → identify → validate → dispatch with the handlers
 * registered now. Its signature is not checked again: it was verified when it was received, and
 * the signing secret may have rotated since. Processed → the entry is deleted; otherwise it stays,
 * with the new reason, one more attempt and `lastFailure`. Dedupe is not consulted: handlers
 * should be idempotent, as for any redelivery. Never throws for a handler failure; store errors propagate.
 */
export async function replayDeadLetter(key: string, options: ReplayOptions): Promise<ReplayResult> {
  const { store } = options;
  const entry = await store.get(key);
  if (entry === undefined) return { key, outcome: "not_found", deleted: false };
  const fail = async (outcome: ReplayOutcome, failure: string, reason?: DeadLetterReason, issues?: readonly ValidationIssue[]): Promise<ReplayResult> => {
    await store.update(key, { reason, issues, attempts: entry.attempts + 1, lastFailure: failure });
    return { key, outcome, deleted: false, failure };
  };
  if (entry.truncated) return fail("truncated", "truncated: only a prefix of the body was kept, so it cannot be replayed");

  let lastError: string | undefined;
  const user = options.logger ?? {};
  const logger: Partial<WebhookLogger> = {
    ...user,
    error: (message: string, fields?: LogFields) => {
      lastError = message;
      (user.error ?? (() => undefined))(message, fields);
    },
  };
  const settings = resolveSettings({ registry: options.registry ?? getWebhookRegistry(), logger, dedupe: false, env: {} });
  const def = settings.registry.provider(entry.provider);
  let ctx: RouteContext;
  try {
    const path = def?.webhooks[entry.webhook]?.path ?? "/";
    ctx = resolveRouteContext({ provider: entry.provider, webhook: entry.webhook, path }, settings);
  } catch (error) {
    return fail("misconfigured", `misconfigured: ${errorMessage(error)}`);
  }
  const d = new Delivery(requestOf(entry, ctx.route.path), ctx, entry.receivedAt.getTime());
  d.rawBody = entry.rawBody;
  // The pipeline's own steps after verify and throttle; claim with dedupe off only asks "is anything registered?".
  const steps = [createIdentify(settings), createValidate(settings), createClaim(settings), createDispatch(settings)];
  let outcome: Outcome;
  try {
    outcome = await runSteps(steps, d, "processed");
  } catch (error) {
    outcome = "internal_error";
    lastError = errorMessage(error);
  }
  if (outcome === "processed") {
    await store.delete(key);
    return { key, outcome, deleted: true, body: d.body };
  }
  const failure = lastError === undefined ? outcome : `${outcome}: ${lastError}`;
  return fail(outcome, failure, OUTCOMES[outcome].deadLetter, OUTCOMES[outcome].deadLetter === undefined ? undefined : d.issues);
}

/** Replays every entry `query` selects (all by default), oldest first, one at a time. */
export async function replayDeadLetters(options: ReplayOptions & { readonly query?: DeadLetterQuery }): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const query = options.query ?? {};
  let cursor = query.cursor;
  for (;;) {
    const page = await options.store.list({ ...query, cursor, limit: 100 });
    for (const entry of page) results.push(await replayDeadLetter(entry.key, options));
    if (page.length < 100) return results;
    cursor = page[page.length - 1]!.key;
  }
}
