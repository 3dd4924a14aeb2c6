import { describe, expect, it, vi } from "vitest";
import { stripeDefinition } from "../../../../test/fixtures/definitions.js";
import { isPromiseLike } from "../../maybe-promise.js";
import { MemoryRateLimitStore } from "../../stores/memory-rate-limit.js";
import type { RateLimitDecision, RateLimitStore } from "../../stores/types.js";
import { harness, NOW } from "../__fixtures__/harness.js";
import { createThrottle } from "./throttle.js";

function setup(take: RateLimitStore["take"], webhook = "limited") {
  const spy = vi.fn(take);
  const h = harness(stripeDefinition, { rateLimit: { take: spy } }, webhook);
  return { ...h, take: spy, throttle: createThrottle(h.settings) };
}

const ALLOWED: RateLimitDecision = { allowed: true, retryAfterMs: 0 };

describe("throttle", () => {
  it("does nothing for a webhook without a rate limit", () => {
    const { throttle, readDelivery, take } = setup(() => ({ allowed: false, retryAfterMs: 1 }), "default");
    expect(throttle(readDelivery())).toBeUndefined();
    expect(take).not.toHaveBeenCalled();
  });

  it("takes a token of the webhook's bucket (burst, refill per ms, time of receipt) and goes on when allowed", () => {
    const { throttle, readDelivery, take } = setup(() => ALLOWED);
    const d = readDelivery({ receivedAt: NOW + 7 });
    const result = throttle(d);
    expect(isPromiseLike(result)).toBe(false);
    expect(result).toBeUndefined();
    expect(d.retryAfterMs).toBe(0);
    expect(take).toHaveBeenCalledExactlyOnceWith("stripe:limited", 2, 1 / 60_000, NOW + 7);
  });

  it("answers rate_limited with the store's retry time when denied", () => {
    const { throttle, readDelivery, logger } = setup(() => ({ allowed: false, retryAfterMs: 4321 }));
    const d = readDelivery();
    expect(throttle(d)).toBe("rate_limited");
    expect(d.retryAfterMs).toBe(4321);
    expect(logger.messages("debug")).toEqual(["rejected: rate limited"]);
  });

  it("with the in-memory bucket: `burst` deliveries pass, the next waits for one token to refill", () => {
    const store = new MemoryRateLimitStore();
    const { throttle, readDelivery } = setup((...args) => store.take(...args));
    expect(throttle(readDelivery())).toBeUndefined();
    expect(throttle(readDelivery())).toBeUndefined();
    const third = readDelivery();
    expect(throttle(third)).toBe("rate_limited");
    expect(third.retryAfterMs).toBeGreaterThanOrEqual(60_000);
    expect(third.retryAfterMs).toBeLessThanOrEqual(60_001);
    expect(throttle(readDelivery({ receivedAt: NOW + 60_001 }))).toBeUndefined();
  });

  it("awaits an asynchronous store", async () => {
    const allowed = setup(() => Promise.resolve(ALLOWED));
    const pending = allowed.throttle(allowed.readDelivery());
    expect(isPromiseLike(pending)).toBe(true);
    expect(await pending).toBeUndefined();

    const denied = setup(() => Promise.resolve({ allowed: false, retryAfterMs: 900 }));
    const d = denied.readDelivery();
    expect(await denied.throttle(d)).toBe("rate_limited");
    expect(d.retryAfterMs).toBe(900);
  });

  it("fails open, with a warning, when the store throws or rejects", async () => {
    const thrower = setup(() => {
      throw new Error("redis down");
    });
    const d = thrower.readDelivery();
    expect(thrower.throttle(d)).toBeUndefined();
    expect(d.retryAfterMs).toBe(0);
    expect(thrower.logger.messages("warn")).toEqual(["rate-limit store failed, letting the request through: redis down"]);

    const rejecter = setup(() => Promise.reject(new Error("timeout")));
    expect(await rejecter.throttle(rejecter.readDelivery())).toBeUndefined();
    expect(rejecter.logger.messages("warn")).toEqual(["rate-limit store failed, letting the request through: timeout"]);
  });
});
