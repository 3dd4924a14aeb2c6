import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { githubDefinition, stripeDefinition } from "../../../../test/fixtures/definitions.js";
import { isPromiseLike } from "../../maybe-promise.js";
import { MemoryDedupeStore } from "../../stores/memory-dedupe.js";
import type { ClaimResult, DedupeStore } from "../../stores/types.js";
import type { ProviderDefinition } from "../../types.js";
import { harness, withEvent } from "../__fixtures__/harness.js";
import { createClaim } from "./claim.js";

function fakeStore(claim: DedupeStore["claim"]) {
  return { claim: vi.fn(claim), complete: vi.fn<DedupeStore["complete"]>(), release: vi.fn<DedupeStore["release"]>() };
}

function setup(def: ProviderDefinition, dedupe: DedupeStore | false = new MemoryDedupeStore(), handle = true) {
  const h = harness(def, { dedupe, inFlightTtlMs: 4242 });
  if (handle) h.processor.on("*", () => undefined);
  const claim = createClaim(h.settings);
  return {
    ...h,
    claim,
    /** A read, verified and identified delivery of `body` with event id `id`. */
    identified(body = '{"id":"evt_1"}', id = "evt_1", type = def.events[0]!, digest?: Uint8Array) {
      const d = h.readDelivery({ body });
      if (digest !== undefined) d.digest = digest;
      withEvent(d, { type, id, payload: {} });
      return d;
    },
  };
}

const DIGEST = new Uint8Array([0xde, 0xad, 0xbe, 0xef]);

describe("claim", () => {
  it("answers no_handler when nothing is registered for the type, claiming nothing", () => {
    const store = fakeStore(() => "claimed");
    const { claim, identified } = setup(stripeDefinition, store, false);
    const d = identified();
    expect(claim(d)).toBe("no_handler");
    expect(store.claim).not.toHaveBeenCalled();
    expect(d.claimKey).toBeUndefined();
  });

  it("counts middleware, typed handlers and other types' handlers correctly", () => {
    const store = fakeStore(() => "claimed");
    const h = setup(stripeDefinition, store, false);
    h.processor.on("charge.refunded", () => undefined);
    expect(h.claim(h.identified(undefined, "a", "charge.refunded"))).toBeUndefined();
    expect(h.claim(h.identified(undefined, "b", "payment_intent.succeeded"))).toBe("no_handler");
    h.processor.use(() => undefined);
    expect(h.claim(h.identified(undefined, "c", "payment_intent.succeeded"))).toBeUndefined();
  });

  it("keys on the event id when the signature covers it (Stripe), for the in-flight TTL", () => {
    const store = fakeStore(() => "claimed");
    const { claim, identified, ctx } = setup(stripeDefinition, store);
    expect(ctx.idIsSigned).toBe(true);
    const d = identified('{"id":"evt_1"}', "evt_1", "charge.refunded", DIGEST); // a digest does not matter here
    const result = claim(d);
    expect(isPromiseLike(result)).toBe(false);
    expect(result).toBeUndefined();
    expect(store.claim).toHaveBeenCalledExactlyOnceWith("stripe:default:evt_1", 4242);
    expect(d.claimKey).toBe("stripe:default:evt_1");
  });

  it("keys on the verified signature when the id is unsigned (GitHub)", () => {
    const store = fakeStore(() => "claimed");
    const { claim, identified, ctx } = setup(githubDefinition, store);
    expect(ctx.idIsSigned).toBe(false);
    const d = identified("{}", "delivery-1", "push", DIGEST);
    expect(claim(d)).toBeUndefined();
    expect(d.claimKey).toBe("github:default:sig:push:3q2+7w==");
    expect(store.claim).toHaveBeenCalledExactlyOnceWith("github:default:sig:push:3q2+7w==", 4242);
  });

  it("keys on the body's SHA-256 when the id is unsigned and no digest was reported", () => {
    const store = fakeStore(() => "claimed");
    const { claim, identified } = setup(githubDefinition, store);
    const body = '{"ref":"refs/heads/main"}';
    const d = identified(body, "delivery-1", "push");
    expect(claim(d)).toBeUndefined();
    const expected = `github:default:body:push:${createHash("sha256").update(body).digest("hex")}`;
    expect(d.claimKey).toBe(expected);
    expect(store.claim).toHaveBeenCalledExactlyOnceWith(expected, 4242);
  });

  it("makes a replayed GitHub delivery under a fresh id a duplicate (real store)", () => {
    const store = new MemoryDedupeStore();
    const { claim, identified } = setup(githubDefinition, store);
    const first = identified("{}", "delivery-1", "push", DIGEST);
    expect(claim(first)).toBeUndefined();
    expect(claim(identified("{}", "delivery-2", "push", new Uint8Array(DIGEST)))).toBe("in_flight");
    store.complete(first.claimKey!, 1000);
    expect(claim(identified("{}", "delivery-3", "push", new Uint8Array(DIGEST)))).toBe("duplicate");
    expect(claim(identified("{}", "delivery-4", "push", new Uint8Array([1])))).toBeUndefined(); // another signature
  });

  it("keeps one body under two event types apart (Shopify sends one order under orders/updated and orders/paid)", () => {
    const store = new MemoryDedupeStore();
    const { claim, identified } = setup(githubDefinition, store);
    const first = identified("{}", "delivery-1", "push", DIGEST);
    expect(claim(first)).toBeUndefined();
    store.complete(first.claimKey!, 1000);
    expect(claim(identified("{}", "delivery-2", "push", new Uint8Array(DIGEST)))).toBe("duplicate");
    expect(claim(identified("{}", "delivery-3", "ping", new Uint8Array(DIGEST)))).toBeUndefined();
  });

  it("answers duplicate for a delivery already done, and in_flight for one still running, claiming neither", () => {
    for (const [result, outcome] of [
      ["done", "duplicate"],
      ["in_flight", "in_flight"],
    ] as const) {
      const h = setup(stripeDefinition, fakeStore(() => result));
      const d = h.identified();
      expect(h.claim(d)).toBe(outcome);
      expect(d.claimKey).toBeUndefined();
      expect(h.logger.messages("debug")).toEqual([result === "done" ? "duplicate delivery" : "delivery still in flight"]);
    }
  });

  it("awaits an asynchronous store", async () => {
    const claimed = setup(stripeDefinition, fakeStore(() => Promise.resolve<ClaimResult>("claimed")));
    const d = claimed.identified();
    const pending = claimed.claim(d);
    expect(isPromiseLike(pending)).toBe(true);
    expect(d.claimKey).toBeUndefined();
    expect(await pending).toBeUndefined();
    expect(d.claimKey).toBe("stripe:default:evt_1");

    const done = setup(stripeDefinition, fakeStore(() => Promise.resolve<ClaimResult>("done")));
    const dup = done.identified();
    expect(await done.claim(dup)).toBe("duplicate");
    expect(dup.claimKey).toBeUndefined();
  });

  it("answers dedupe_unavailable, logged, when the store throws or rejects", async () => {
    const thrower = setup(
      stripeDefinition,
      fakeStore(() => {
        throw new Error("redis down");
      }),
    );
    const d = thrower.identified();
    expect(thrower.claim(d)).toBe("dedupe_unavailable");
    expect(d.claimKey).toBeUndefined();
    expect(thrower.logger.messages("error")).toEqual(["dedupe store failed; refusing the delivery so it is retried: redis down"]);

    const rejecter = setup(stripeDefinition, fakeStore(() => Promise.reject(new Error("timeout"))));
    const r = rejecter.identified();
    expect(await rejecter.claim(r)).toBe("dedupe_unavailable");
    expect(r.claimKey).toBeUndefined();
    expect(rejecter.logger.messages("error")).toEqual(["dedupe store failed; refusing the delivery so it is retried: timeout"]);
  });

  it("claims nothing when dedupe is off, but still answers no_handler", () => {
    const off = setup(githubDefinition, false);
    expect(off.settings.dedupe).toBeUndefined();
    const d = off.identified("{}", "delivery-1", "push", DIGEST);
    expect(off.claim(d)).toBeUndefined();
    expect(d.claimKey).toBeUndefined();
    expect(off.claim(off.identified("{}", "delivery-1", "push", DIGEST))).toBeUndefined(); // a replay runs again

    const none = setup(githubDefinition, false, false);
    expect(none.claim(none.identified("{}", "x", "push"))).toBe("no_handler");
  });
});

describe("unsignedIdDedupe: event_id", () => {
  it("keys on the unsigned event id when asked, so byte-identical distinct events are not merged", async () => {
    const { settingsFor, contextFor, deliveryFor, withEvent } = await import("../__fixtures__/harness.js");
    const { githubDefinition: gh } = await import("../../../../test/fixtures/definitions.js");
    const calls: string[] = [];
    const settings = settingsFor(gh, { unsignedIdDedupe: "event_id", dedupe: { claim: (k) => (calls.push(k), "claimed"), complete() {}, release() {} } });
    settings.registry.processorFor("github", "default").on("*", () => undefined);
    const claim = (await import("./claim.js")).createClaim(settings);
    const d = deliveryFor(contextFor(settings, "github", "default"), { body: "{}" });
    withEvent(d, { type: "push", id: "delivery-7" });
    d.digest = new Uint8Array([1, 2]);
    expect(claim(d)).toBeUndefined();
    expect(calls).toEqual(["github:default:delivery-7"]);
  });
});
