import { describe, expect, it, vi } from "vitest";
import { stripeDefinition } from "../../../../test/fixtures/definitions.js";
import type { DeadLetterEntry } from "../../dead-letter.js";
import { isPromiseLike } from "../../maybe-promise.js";
import { MemoryDedupeStore } from "../../stores/memory-dedupe.js";
import type { DedupeStore } from "../../stores/types.js";
import { harness, NOW, withEvent } from "../__fixtures__/harness.js";
import { DeadLetterList } from "../../dead-letter.js";
import type { DeadLetterStore } from "../../stores/dead-letter-store.js";
import { answerFor, OUTCOMES, type Outcome } from "../outcomes.js";
import { createSettle } from "./settle.js";

function fakeStore(over: Partial<DedupeStore> = {}) {
  return {
    claim: vi.fn<DedupeStore["claim"]>(() => "claimed"),
    complete: vi.fn<DedupeStore["complete"]>(over.complete ?? (() => undefined)),
    release: vi.fn<DedupeStore["release"]>(over.release ?? (() => undefined)),
  };
}

function setup(dedupe: DedupeStore = fakeStore(), deadLetters?: DeadLetterStore) {
  const h = harness(stripeDefinition, { dedupe, doneTtlMs: 9999, ...(deadLetters === undefined ? {} : { deadLetters }) });
  const settle = createSettle(h.settings);
  return {
    ...h,
    settle,
    /** An identified delivery; `claimKey` set when `claimed`. */
    identified(claimed = true) {
      const body = '{"id":"evt_1","type":"payment_intent.succeeded"}';
      const d = h.readDelivery({ body, headers: { "content-type": "application/json" }, receivedAt: NOW + 1 });
      withEvent(d, { type: "payment_intent.succeeded", id: "evt_1", payload: JSON.parse(body) });
      if (claimed) d.claimKey = "stripe:default:evt_1";
      return d;
    },
  };
}

const ALL = Object.keys(OUTCOMES) as Outcome[];
const DEAD_LETTER_OUTCOMES: readonly Outcome[] = ["unknown_event_type", "invalid_payload", "no_handler", "stale"];

describe("settle", () => {
  it("completes the claim on processed and on queued (the durable job stands for it), for the done TTL", () => {
    for (const outcome of ["processed", "queued"] as const) {
      const store = fakeStore();
      const { settle, identified } = setup(store);
      expect(settle(identified(), outcome)).toBeUndefined();
      expect(store.complete, outcome).toHaveBeenCalledExactlyOnceWith("stripe:default:evt_1", 9999);
      expect(store.release, outcome).not.toHaveBeenCalled();
    }
  });

  it("releases the claim on every other outcome, so the provider's retry runs again", async () => {
    for (const outcome of ALL.filter((o) => o !== "processed" && o !== "queued")) {
      const store = fakeStore();
      const { settle, identified } = setup(store);
      await settle(identified(), outcome);
      expect(store.release, outcome).toHaveBeenCalledExactlyOnceWith("stripe:default:evt_1");
      expect(store.complete, outcome).not.toHaveBeenCalled();
    }
  });

  it("touches the store not at all without a claim", async () => {
    for (const outcome of ALL) {
      const store = fakeStore();
      const { settle, identified } = setup(store);
      await settle(identified(false), outcome);
      expect(store.complete).not.toHaveBeenCalled();
      expect(store.release).not.toHaveBeenCalled();
    }
  });

  it("with the real store: a processed delivery is then a duplicate, a failed one can run again", () => {
    const store = new MemoryDedupeStore();
    const { settle, identified } = setup(store);
    expect(store.claim("stripe:default:evt_1", 1000)).toBe("claimed");
    settle(identified(), "handler_failed");
    expect(store.claim("stripe:default:evt_1", 1000)).toBe("claimed");
    settle(identified(), "processed");
    expect(store.claim("stripe:default:evt_1", 1000)).toBe("done");
  });

  it("records a dead letter exactly for the outcomes the table marks, under the table's reason", async () => {
    expect(ALL.filter((o) => OUTCOMES[o].deadLetter !== undefined).sort()).toEqual([...DEAD_LETTER_OUTCOMES].sort());
    for (const outcome of ALL) {
      const { settle, identified, processor } = setup();
      const settled = settle(identified(false), outcome);
      // Only a dead letter needs a promise: every other outcome settles synchronously.
      expect(isPromiseLike(settled), outcome).toBe(DEAD_LETTER_OUTCOMES.includes(outcome));
      await settled;
      expect(
        processor.deadLetters.map((e) => e.reason),
        outcome,
      ).toEqual(DEAD_LETTER_OUTCOMES.includes(outcome) ? [outcome] : []);
    }
  });

  it("keeps what the delivery carried: ids, time of receipt, bytes, content type, payload and issues", async () => {
    const { settle, identified, processor, logger } = setup();
    const d = identified(false);
    d.issues = [{ path: ["data", "object", "id"], message: "expected string" }];
    await settle(d, "invalid_payload");
    const [entry] = processor.deadLetters;
    expect(entry).toMatchObject({
      reason: "invalid_payload",
      provider: "stripe",
      webhook: "default",
      id: "evt_1",
      type: "payment_intent.succeeded",
      receivedAt: new Date(NOW + 1),
      contentType: "application/json",
      issues: [{ path: ["data", "object", "id"], message: "expected string" }],
      payload: { id: "evt_1", type: "payment_intent.succeeded" },
      truncated: false,
      bodyBytes: d.rawBody.byteLength,
    });
    expect(entry!.rawBody).toEqual(d.rawBody);
    expect(logger.lines.find((l) => l.level === "info")).toEqual({
      level: "info",
      message: "not dispatched (invalid_payload); kept as a dead letter",
      fields: { provider: "stripe", webhook: "default", type: "payment_intent.succeeded", id: "evt_1" },
    });
  });

  it("records no dead letter for a delivery that was never identified", () => {
    const { settle, readDelivery, processor } = setup();
    expect(settle(readDelivery({ body: "{}" }), "no_handler")).toBeUndefined();
    expect(processor.deadLetters).toEqual([]);
  });

  it("records the dead letter, hooks included, before it resolves", async () => {
    const { settle, identified, processor } = setup();
    const hooked: DeadLetterEntry[] = [];
    processor.onDeadLetter(async (entry) => {
      await new Promise((ok) => setTimeout(ok, 5));
      hooked.push(entry);
    });
    await settle(identified(false), "no_handler");
    expect(hooked.map((e) => e.reason)).toEqual(["no_handler"]);
  });

  it("both releases the claim and records the dead letter when there are both", async () => {
    let released = false;
    const store = fakeStore({ release: () => Promise.resolve().then(() => void (released = true)) });
    const { settle, identified, processor } = setup(store);
    const settled = settle(identified(), "no_handler");
    expect(isPromiseLike(settled)).toBe(true);
    await settled;
    expect(released).toBe(true);
    expect(processor.deadLetters).toHaveLength(1);
  });

  it("logs, never throws, when a dead-letter hook fails", async () => {
    const { settle, identified, processor, logger } = setup();
    processor.onDeadLetter(() => {
      throw new Error("hook broke");
    });
    await expect(settle(identified(false), "unknown_event_type")).resolves.toBeUndefined();
    expect(logger.messages("error")).toEqual(["dead-letter hook failed: hook broke"]);
    expect(processor.deadLetters).toHaveLength(1);
  });

  it("logs, never throws, when the store fails to complete or release, synchronously or not", async () => {
    const syncComplete = setup(
      fakeStore({
        complete: () => {
          throw new Error("down");
        },
      }),
    );
    expect(() => syncComplete.settle(syncComplete.identified(), "processed")).not.toThrow();
    expect(syncComplete.logger.messages("warn")).toEqual(["dedupe complete failed: down"]);

    const syncRelease = setup(
      fakeStore({
        release: () => {
          throw new Error("down");
        },
      }),
    );
    expect(syncRelease.settle(syncRelease.identified(), "handler_failed")).toBeUndefined();
    expect(syncRelease.logger.messages("warn")).toEqual(["dedupe release failed: down"]);

    const asyncComplete = setup(fakeStore({ complete: () => Promise.reject(new Error("timeout")) }));
    const pending = asyncComplete.settle(asyncComplete.identified(), "processed");
    expect(isPromiseLike(pending)).toBe(true);
    await expect(pending).resolves.toBeUndefined();
    expect(asyncComplete.logger.messages("warn")).toEqual(["dedupe complete failed: timeout"]);

    const asyncRelease = setup(fakeStore({ release: () => Promise.reject(new Error("timeout")) }));
    await expect(asyncRelease.settle(asyncRelease.identified(), "invalid_payload")).resolves.toBeUndefined();
    expect(asyncRelease.logger.messages("warn")).toEqual(["dedupe release failed: timeout"]);
    expect(asyncRelease.processor.deadLetters).toHaveLength(1); // the dead letter is still kept
  });

  describe("with a deadLetters store", () => {
    /** A store whose add fails the way `mode` says. */
    function failingStore(mode: "throw" | "reject"): DeadLetterStore {
      const store = new DeadLetterList();
      return Object.assign(Object.create(store) as DeadLetterList, {
        add: () => {
          if (mode === "throw") throw new Error("redis down");
          return Promise.reject(new Error("redis timeout"));
        },
      });
    }

    it("keeps the entry in the store (with the request's headers minus credentials), then in the processor and its hooks", async () => {
      const store = new DeadLetterList();
      const { settle, readDelivery, processor } = setup(fakeStore(), store);
      const hooked: DeadLetterEntry[] = [];
      processor.onDeadLetter((entry) => void hooked.push(entry));
      const body = '{"id":"evt_1","type":"payment_intent.succeeded"}';
      const d = readDelivery({ body, headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=ab", "x-request-id": "r1" } });
      withEvent(d, { type: "payment_intent.succeeded", id: "evt_1", payload: JSON.parse(body) });
      await settle(d, "no_handler");
      expect(store.list()).toMatchObject([
        { key: "1", reason: "no_handler", id: "evt_1", headers: { "content-type": "application/json", "x-request-id": "r1" }, attempts: 0 },
      ]);
      expect(store.list()[0]!.headers).not.toHaveProperty("stripe-signature");
      expect(processor.deadLetters).toHaveLength(1);
      expect(hooked).toHaveLength(1);
      expect(answerFor("no_handler", d).status).toBe(200);
    });

    it.each(["throw", "reject"] as const)("answers 503 + Retry-After, never 2xx, when the store's add fails (%s), and runs no hook", async (mode) => {
      const { settle, identified, processor, logger } = setup(fakeStore(), failingStore(mode));
      const hook = vi.fn();
      processor.onDeadLetter(hook);
      for (const outcome of DEAD_LETTER_OUTCOMES) {
        const d = identified(false);
        await settle(d, outcome);
        const answer = answerFor(outcome, d);
        expect(answer.status, outcome).toBe(503);
        expect(answer.headers["retry-after"]).toBe("5");
        expect(JSON.parse(answer.body)).toEqual({ error: "temporarily unavailable" });
      }
      expect(hook).not.toHaveBeenCalled();
      expect(processor.deadLetters).toEqual([]);
      expect(logger.messages("error")[0]).toMatch(/^dead-letter store failed; answering 503 so the provider retries: redis (down|timeout)$/);
    });

    it("leaves other deliveries' answers alone after a failure", async () => {
      const { settle, identified } = setup(fakeStore(), failingStore("reject"));
      const failed = identified(false);
      await settle(failed, "no_handler");
      const other = identified(false);
      expect(answerFor("no_handler", other).status).toBe(200);
      expect(answerFor("processed", failed).status).toBe(200); // only dead-letter outcomes have an unrecorded answer
    });
  });
});
