import { describe, expect, it } from "vitest";
import { stripeDefinition } from "../../../../test/fixtures/definitions.js";
import type { HandlerResult, WebhookEvent } from "../../event.js";
import { isPromiseLike } from "../../maybe-promise.js";
import { harness, withEvent } from "../__fixtures__/harness.js";
import { createDispatch } from "./dispatch.js";

function setup() {
  const h = harness(stripeDefinition);
  const dispatch = createDispatch(h.settings);
  return {
    ...h,
    dispatch,
    identified() {
      const d = h.readDelivery({ body: '{"id":"evt_1"}' });
      withEvent(d, { type: "charge.refunded", id: "evt_1", payload: { id: "evt_1" } });
      return d;
    },
  };
}

const bigint = (): HandlerResult => ({ big: 1n as unknown as number });

describe("dispatch", () => {
  it("answers processed, synchronously, with the handler's result as the body", () => {
    const { dispatch, identified, processor } = setup();
    const seen: WebhookEvent[] = [];
    processor.on("charge.refunded", (event) => (seen.push(event), { ok: true, n: 1 }));
    const d = identified();
    const result = dispatch(d);
    expect(isPromiseLike(result)).toBe(false);
    expect(result).toBe("processed");
    expect(d.body).toBe('{"ok":true,"n":1}');
    expect(seen).toEqual([d.event]);
    expect(seen[0]).toBe(d.event);
  });

  it("leaves no body when handlers return nothing", () => {
    const { dispatch, identified, processor } = setup();
    processor.on("charge.refunded", () => undefined);
    const d = identified();
    expect(dispatch(d)).toBe("processed");
    expect(d.body).toBeUndefined();
  });

  it("awaits an asynchronous handler", async () => {
    const { dispatch, identified, processor } = setup();
    processor.on("charge.refunded", () => Promise.resolve({ later: true }));
    const d = identified();
    const pending = dispatch(d);
    expect(isPromiseLike(pending)).toBe(true);
    expect(d.body).toBeUndefined();
    expect(await pending).toBe("processed");
    expect(d.body).toBe('{"later":true}');
  });

  it("answers handler_failed, logged with the event, when a handler throws", () => {
    const { dispatch, identified, processor, logger } = setup();
    const error = new Error("handler broke");
    processor.on("charge.refunded", () => {
      throw error;
    });
    const d = identified();
    expect(dispatch(d)).toBe("handler_failed");
    expect(d.body).toBeUndefined();
    expect(logger.lines.filter((l) => l.level === "error")).toEqual([
      {
        level: "error",
        message: "handler failed: handler broke",
        fields: { provider: "stripe", webhook: "default", type: "charge.refunded", id: "evt_1", error },
      },
    ]);
  });

  it("answers handler_failed when middleware throws, before any handler runs", () => {
    const { dispatch, identified, processor } = setup();
    let ran = false;
    processor.use(() => {
      throw new Error("auth middleware");
    });
    processor.on("charge.refunded", () => void (ran = true));
    expect(dispatch(identified())).toBe("handler_failed");
    expect(ran).toBe(false);
  });

  it("answers handler_failed when a handler rejects", async () => {
    const { dispatch, identified, processor, logger } = setup();
    processor.on("charge.refunded", () => Promise.reject(new Error("async broke")));
    expect(await dispatch(identified())).toBe("handler_failed");
    expect(logger.messages("error")).toEqual(["handler failed: async broke"]);
  });

  it("answers handler_failed for a result that cannot be serialised (BigInt), sync or async", async () => {
    const sync = setup();
    sync.processor.on("charge.refunded", bigint);
    const d = sync.identified();
    expect(sync.dispatch(d)).toBe("handler_failed");
    expect(d.body).toBeUndefined();
    expect(sync.logger.messages("error")).toHaveLength(1);
    expect(sync.logger.messages("error")[0]).toMatch(/^handler failed: .*BigInt/);

    const async = setup();
    async.processor.on("charge.refunded", () => Promise.resolve(bigint()));
    const a = async.identified();
    expect(await async.dispatch(a)).toBe("handler_failed");
    expect(a.body).toBeUndefined();
  });

  it("answers handler_failed for a circular result", () => {
    const { dispatch, identified, processor } = setup();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    processor.on("charge.refunded", () => circular as HandlerResult);
    expect(dispatch(identified())).toBe("handler_failed");
  });
});
