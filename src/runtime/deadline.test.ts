import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { armDeadline } from "./deadline.js";

describe("armDeadline", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("fires once, never before the timeout and at most an eighth of it late", () => {
    const fired: number[] = [];
    const start = Date.now();
    armDeadline(800, () => fired.push(Date.now() - start));
    vi.advanceTimersByTime(799);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(101);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(800);
    expect(fired[0]).toBeLessThanOrEqual(900);
    vi.advanceTimersByTime(5_000);
    expect(fired).toHaveLength(1);
  });

  it("a cancelled deadline never fires; the others still do, in order", () => {
    const fired: string[] = [];
    const a = armDeadline(100, () => fired.push("a"));
    vi.advanceTimersByTime(30);
    armDeadline(100, () => fired.push("b"));
    a.cancel();
    a.cancel();
    vi.advanceTimersByTime(200);
    expect(fired).toEqual(["b"]);
  });

  it("a throwing callback does not stop the deadlines due with it", () => {
    const fired: string[] = [];
    armDeadline(50, () => {
      throw new Error("boom");
    });
    armDeadline(50, () => fired.push("second"));
    expect(() => vi.advanceTimersByTime(100)).not.toThrow();
    expect(fired).toEqual(["second"]);
  });

  it("an idle sweep clears its interval, and a later deadline re-arms it", () => {
    armDeadline(40, () => {}).cancel();
    vi.advanceTimersByTime(1_000);
    expect(vi.getTimerCount()).toBe(0);
    const fired: string[] = [];
    armDeadline(40, () => fired.push("later"));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(60);
    expect(fired).toEqual(["later"]);
  });

  it("a timeout that is not a positive finite number never fires and arms nothing", () => {
    const fired: number[] = [];
    for (const t of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) armDeadline(t, () => fired.push(t));
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(fired).toEqual([]);
  });
});
