import { describe, expect, it, vi } from "vitest";
import { stripeDefinition } from "../../../../test/fixtures/definitions.js";
import type { RateLimitStore } from "../../stores/types.js";
import { harness, NOW } from "../__fixtures__/harness.js";
import { FailureBudget } from "../failure-budget.js";
import type { PipelineOptions } from "../options.js";
import { createGuard } from "./guard.js";

function setup(webhook = "default", options: Omit<PipelineOptions, "logger"> = {}) {
  const h = harness(stripeDefinition, options, webhook);
  const failures = new FailureBudget(h.settings);
  return { ...h, failures, guard: createGuard(h.settings, failures) };
}

/** A reader that fails the test if the guard reads the body. */
const unread = () => {
  throw new Error("the guard must not read the body");
};

describe("guard", () => {
  it("lets a plain POST through without reading its body", () => {
    const { guard, delivery } = setup();
    const readBody = vi.fn(unread);
    const d = delivery({ readBody });
    expect(guard(d)).toBeUndefined();
    expect(readBody).not.toHaveBeenCalled();
    expect(d.retryAfterMs).toBe(0);
  });

  it("refuses every method but POST, in any case", () => {
    const { guard, delivery } = setup();
    for (const method of ["GET", "PUT", "HEAD", "OPTIONS", "DELETE", "PATCH", "get", "", "POSTS"]) {
      expect(guard(delivery({ method, readBody: unread })), method).toBe("method_not_allowed");
    }
    for (const method of ["POST", "post", "Post", "pOsT"]) expect(guard(delivery({ method })), method).toBeUndefined();
  });

  it("checks the method before anything else", () => {
    const { guard, delivery } = setup("blocked");
    expect(guard(delivery({ method: "GET", remoteAddress: "8.8.8.8", headers: { "content-length": "99999999" } }))).toBe("method_not_allowed");
  });

  it("refuses a client outside the allowlist, and accepts one inside (IPv4-mapped IPv6 included)", () => {
    const { guard, delivery, logger } = setup("allowed");
    expect(guard(delivery({ remoteAddress: "127.0.0.1" }))).toBeUndefined();
    expect(guard(delivery({ remoteAddress: "10.200.0.1" }))).toBeUndefined();
    expect(guard(delivery({ remoteAddress: "::ffff:10.0.0.7" }))).toBeUndefined();
    expect(guard(delivery({ remoteAddress: "8.8.8.8" }))).toBe("ip_forbidden");
    expect(guard(delivery({ remoteAddress: "not an address" }))).toBe("ip_forbidden");
    expect(guard(delivery({ remoteAddress: undefined }))).toBe("ip_forbidden");
    expect(logger.lines.filter((l) => l.message === "rejected: client IP not in allowlist").map((l) => l.fields?.ip)).toEqual([
      "8.8.8.8",
      "not an address",
      undefined,
    ]);
  });

  it("believes X-Forwarded-For only from trusted proxies", () => {
    const direct = setup("allowed");
    expect(direct.guard(direct.delivery({ remoteAddress: "8.8.8.8", headers: { "x-forwarded-for": "10.0.0.1" } }))).toBe("ip_forbidden");
    expect(direct.guard(direct.delivery({ remoteAddress: "127.0.0.1", headers: { "x-forwarded-for": "8.8.8.8" } }))).toBeUndefined();

    const proxied = setup("allowed", { trustedProxies: ["127.0.0.1"] });
    expect(proxied.guard(proxied.delivery({ remoteAddress: "127.0.0.1", headers: { "x-forwarded-for": "8.8.8.8" } }))).toBe("ip_forbidden");
    expect(proxied.guard(proxied.delivery({ remoteAddress: "127.0.0.1", headers: { "x-forwarded-for": "10.1.1.1" } }))).toBeUndefined();
  });

  it("refuses a client that spent its failed-verification budget, with the time until it may retry", () => {
    const { guard, delivery, failures, ctx } = setup("default", { rateLimit: { take: () => ({ allowed: false, retryAfterMs: 4000 }) } });
    failures.spend(ctx, "1.2.3.4", NOW - 1000);
    const d = delivery({ remoteAddress: "1.2.3.4", readBody: unread });
    expect(guard(d)).toBe("too_many_failures");
    expect(d.retryAfterMs).toBe(3000);
    // Another client, and the same client once the block has passed, go on.
    expect(guard(delivery({ remoteAddress: "5.6.7.8" }))).toBeUndefined();
    const later = delivery({ remoteAddress: "1.2.3.4", receivedAt: NOW + 3000 });
    expect(guard(later)).toBeUndefined();
    expect(later.retryAfterMs).toBe(0);
  });

  it("checks the allowlist before the failure budget", () => {
    const { guard, delivery, failures, ctx } = setup("allowed", { rateLimit: { take: () => ({ allowed: false, retryAfterMs: 4000 }) } });
    failures.spend(ctx, "8.8.8.8", NOW);
    expect(guard(delivery({ remoteAddress: "8.8.8.8" }))).toBe("ip_forbidden");
  });

  it("looks up no client address when nobody is blocked and there is no allowlist", () => {
    const take = vi.fn<RateLimitStore["take"]>();
    const { guard, delivery, failures } = setup("default", { rateLimit: { take } });
    const blockedFor = vi.spyOn(failures, "blockedFor");
    const d = delivery();
    const clientIp = vi.spyOn(d, "clientIp");
    expect(guard(d)).toBeUndefined();
    expect(blockedFor).not.toHaveBeenCalled();
    expect(clientIp).not.toHaveBeenCalled();
    expect(take).not.toHaveBeenCalled();
  });

  it("refuses a declared Content-Length over the webhook's limit, and only a well-formed one", () => {
    const { guard, delivery } = setup("small"); // maxBodyBytes 1024
    const at = (value: string | string[]) => guard(delivery({ headers: { "content-length": value }, readBody: unread }));
    expect(at("1025")).toBe("too_large");
    expect(at("0001025")).toBe("too_large");
    expect(at("99999999999999999999999")).toBe("too_large");
    expect(at("1024")).toBeUndefined();
    expect(at("0")).toBeUndefined();
    // Not a plain decimal: left to the read, which counts the bytes that arrive.
    for (const odd of ["-5", "1e9", " 2048", "2048 ", "0x800", "", "abc"]) expect(at(odd), JSON.stringify(odd)).toBeUndefined();
    expect(at(["2048", "2048"])).toBeUndefined();
  });
});
