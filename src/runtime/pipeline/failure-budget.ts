/**
 * Failed-verification budgets, one per client address and webhook. Failures spend tokens in the
 * rate-limit store (shared across instances when it is Redis); once a client's budget is spent,
 * this handler remembers until when, so the guard refuses that client's next requests unread
 * without a store round trip, while every other client, the provider included, is untouched.
 */
import { errorMessage } from "../errors.js";
import type { MaybePromise } from "../maybe-promise.js";
import { whenReady } from "./run-steps.js";
import { BoundedMap } from "../stores/bounded-map.js";
import type { RateLimitDecision } from "../stores/types.js";
import type { PipelineSettings } from "./options.js";
import type { RouteContext } from "./route-context.js";

/** How many blocked clients are remembered; the oldest block is forgotten first. */
const MAX_BLOCKED = 10_000;

/** The budgets of one pipeline. */
export class FailureBudget {
  readonly #blockedUntil = new BoundedMap<string, number>(MAX_BLOCKED);
  readonly #settings: PipelineSettings;

  constructor(settings: PipelineSettings) {
    this.#settings = settings;
  }

  /** True when some client is blocked: lets the guard skip the lookup on the hot path. */
  anyBlocked(): boolean {
    return this.#blockedUntil.size > 0;
  }

  /** Milliseconds `ip` must still wait on `ctx`'s webhook, or 0 when it is not blocked. */
  blockedFor(ctx: RouteContext, ip: string | undefined, now: number): number {
    const key = ctx.failureKeyPrefix + (ip ?? "unknown");
    const until = this.#blockedUntil.get(key);
    if (until === undefined) return 0;
    if (until > now) return until - now;
    this.#blockedUntil.delete(key);
    return 0;
  }

  /**
   * Spends one token of `ip`'s budget after a failed verification. Answers how long the client is
   * now blocked (0 while its budget lasts): once spent, this failure and the client's next requests
   * are refused 429.
   */
  spend(ctx: RouteContext, ip: string | undefined, now: number): MaybePromise<number> {
    const budget = this.#settings.failureBudget;
    if (budget === undefined) return 0;
    const key = ctx.failureKeyPrefix + (ip ?? "unknown");
    let taken: MaybePromise<RateLimitDecision>;
    try {
      taken = this.#settings.rateLimit.take(key, budget.burst, budget.refillPerMs, now);
    } catch (error) {
      return this.#storeFailed(ctx, error);
    }
    return whenReady(
      taken,
      (decision) => this.#decided(key, decision, now),
      (error) => this.#storeFailed(ctx, error),
    );
  }

  #decided(key: string, decision: RateLimitDecision, now: number): number {
    if (decision.allowed) return 0;
    this.#blockedUntil.set(key, now + decision.retryAfterMs);
    return decision.retryAfterMs;
  }

  #storeFailed(ctx: RouteContext, error: unknown): number {
    // The request is refused 401 either way; only the budget bookkeeping is lost.
    this.#settings.log.warn(`rate-limit store failed while counting a failed verification: ${errorMessage(error)}`, ctx.where);
    return 0;
  }
}
