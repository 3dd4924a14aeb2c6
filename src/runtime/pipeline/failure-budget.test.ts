import { describe, expect, it, vi } from "vitest";
import { stripeDefinition } from "../../../test/fixtures/definitions.js";
import { isPromiseLike } from "../maybe-promise.js";
import type { RateLimitDecision, RateLimitStore } from "../stores/types.js";
import { contextFor, NOW, settingsFor } from "./__fixtures__/harness.js";
import { FailureBudget } from "./failure-budget.js";

const DENIED = (retryAfterMs: number): RateLimitDecision => ({ allowed: false, retryAfterMs });
const ALLOWED: RateLimitDecision = { allowed: true, retryAfterMs: 0 };

function setup(store?: RateLimitStore, budget: { burst: number; perMinute: number } | false = { burst: 3, perMinute: 60 }) {
  const settings = settingsFor(stripeDefinition, { failedVerificationBudget: budget, ...(store === undefined ? {} : { rateLimit: store }) });
  const failures = new FailureBudget(settings);
  return {
    settings,
    failures,
    ctx: contextFor(settings, "stripe", "default"),
    other: contextFor(settings, "stripe", "small"),
  };
}

describe("FailureBudget", () => {
  it("spends one token of the client's bucket per failure, keyed by webhook and address", () => {
    const take = vi.fn<RateLimitStore["take"]>(() => ALLOWED);
    const { failures, ctx } = setup({ take });
    expect(failures.spend(ctx, "1.2.3.4", NOW)).toBe(0);
    expect(take).toHaveBeenCalledExactlyOnceWith("stripe:default:unverified:1.2.3.4", 3, 60 / 60_000, NOW);
    expect(failures.anyBlocked()).toBe(false);
    expect(failures.blockedFor(ctx, "1.2.3.4", NOW)).toBe(0);
  });

  it("keys a client without an address as `unknown`", () => {
    const take = vi.fn<RateLimitStore["take"]>(() => DENIED(500));
    const { failures, ctx } = setup({ take });
    failures.spend(ctx, undefined, NOW);
    expect(take.mock.calls[0]![0]).toBe("stripe:default:unverified:unknown");
    expect(failures.blockedFor(ctx, undefined, NOW)).toBe(500);
    expect(failures.blockedFor(ctx, "1.2.3.4", NOW)).toBe(0);
  });

  it("blocks a client once its bucket denies a token, for the bucket's retry time, on that webhook only", () => {
    const { failures, ctx, other } = setup({ take: () => DENIED(2500) });
    expect(failures.spend(ctx, "1.2.3.4", NOW)).toBe(2500);
    expect(failures.anyBlocked()).toBe(true);
    expect(failures.blockedFor(ctx, "1.2.3.4", NOW)).toBe(2500);
    expect(failures.blockedFor(ctx, "1.2.3.4", NOW + 2000)).toBe(500);
    expect(failures.blockedFor(ctx, "5.6.7.8", NOW)).toBe(0); // other clients are untouched
    expect(failures.blockedFor(other, "1.2.3.4", NOW)).toBe(0); // and so are other webhooks
  });

  it("forgets a block once it has expired", () => {
    const { failures, ctx } = setup({ take: () => DENIED(1000) });
    failures.spend(ctx, "1.2.3.4", NOW);
    expect(failures.blockedFor(ctx, "1.2.3.4", NOW + 1000)).toBe(0);
    expect(failures.anyBlocked()).toBe(false);
  });

  it("with the in-memory store: the bucket of `burst` failures runs out, then the client is blocked until one token refills", () => {
    const { failures, ctx } = setup(undefined, { burst: 3, perMinute: 60 }); // one token a second
    for (let i = 0; i < 4; i++) failures.spend(ctx, "1.2.3.4", NOW);
    expect(failures.blockedFor(ctx, "1.2.3.4", NOW)).toBe(1000);
    expect(failures.blockedFor(ctx, "1.2.3.4", NOW + 1000)).toBe(0);
  });

  it("answers how long the client is blocked: 0 for each of `burst` failures, then the refill time", () => {
    const { failures, ctx } = setup(undefined, { burst: 3, perMinute: 60 });
    expect([0, 1, 2, 3].map(() => failures.spend(ctx, "1.2.3.4", NOW))).toEqual([0, 0, 0, 1000]);
    expect(failures.blockedFor(ctx, "1.2.3.4", NOW)).toBe(1000);
  });

  it("does nothing when the budget is off", () => {
    const take = vi.fn<RateLimitStore["take"]>(() => DENIED(1000));
    const { failures, ctx, settings } = setup({ take }, false);
    expect(settings.failureBudget).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(failures.spend(ctx, "1.2.3.4", NOW)).toBe(0);
    expect(take).not.toHaveBeenCalled();
    expect(failures.anyBlocked()).toBe(false);
  });

  it("waits for an asynchronous store, then blocks", async () => {
    const { failures, ctx } = setup({ take: () => Promise.resolve(DENIED(700)) });
    const spent = failures.spend(ctx, "1.2.3.4", NOW);
    expect(isPromiseLike(spent)).toBe(true);
    expect(failures.anyBlocked()).toBe(false);
    expect(await spent).toBe(700);
    expect(failures.blockedFor(ctx, "1.2.3.4", NOW)).toBe(700);
  });

  it("logs and forgets a store that throws or rejects, never blocking and never throwing", async () => {
    const thrower = setup({
      take: () => {
        throw new Error("store down");
      },
    });
    expect(thrower.failures.spend(thrower.ctx, "1.2.3.4", NOW)).toBe(0);
    expect(thrower.failures.anyBlocked()).toBe(false);
    expect(thrower.settings.logger.messages("warn")).toEqual(["rate-limit store failed while counting a failed verification: store down"]);
    expect(thrower.settings.logger.lines[0]!.fields).toEqual({ provider: "stripe", webhook: "default" });

    const rejecter = setup({ take: () => Promise.reject(new Error("timeout")) });
    await expect(rejecter.failures.spend(rejecter.ctx, "1.2.3.4", NOW)).resolves.toBe(0);
    expect(rejecter.failures.anyBlocked()).toBe(false);
    expect(rejecter.settings.logger.messages("warn")).toEqual(["rate-limit store failed while counting a failed verification: timeout"]);
  });
});
