import { describe, expect, it } from "vitest";
import { WebhookLifecycle } from "./lifecycle.js";

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe("WebhookLifecycle", () => {
  it("counts deliveries in flight and drains when the last settles, failures included", async () => {
    const lifecycle = new WebhookLifecycle();
    const a = lifecycle.track(later(30, "a"));
    const b = lifecycle.track(later(60, "b").then(() => Promise.reject(new Error("handler threw"))));
    b.catch(() => {});
    expect(lifecycle.inFlight).toBe(2);
    expect(lifecycle.draining).toBe(false);
    const drained = lifecycle.drain(5_000);
    expect(lifecycle.draining).toBe(true);
    await expect(a).resolves.toBe("a");
    expect(await drained).toEqual({ completed: 2, abandoned: 0 });
    expect(lifecycle.inFlight).toBe(0);
  });

  it("drains at once when idle, and reports what is still running at the timeout", async () => {
    expect(await new WebhookLifecycle().drain(10)).toEqual({ completed: 0, abandoned: 0 });
    const lifecycle = new WebhookLifecycle();
    void lifecycle.track(later(500, 1));
    expect(await lifecycle.drain(20)).toEqual({ completed: 0, abandoned: 1 });
  });
});
