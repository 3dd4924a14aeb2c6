import { describe, expect, it, vi } from "vitest";
import { githubDefinition, stripeDefinition } from "../../test/fixtures/definitions.js";
import { getWebhookRegistry, WebhookRegistry } from "./registry.js";
import type { WebhookEvent } from "./event.js";

const event = (type: string): WebhookEvent => ({
  provider: "stripe",
  webhook: "default",
  id: "evt_1",
  type,
  timestamp: new Date(0),
  payload: {},
  headers: {},
  rawBody: new Uint8Array(),
});

describe("WebhookRegistry", () => {
  it("is a process-wide singleton on globalThis", () => {
    expect(getWebhookRegistry()).toBe(getWebhookRegistry());
    expect((globalThis as Record<symbol, unknown>)[Symbol.for("smart-api-integrations.registry")]).toBe(getWebhookRegistry());
  });

  it("registers idempotently and refuses a different definition under the same name", () => {
    const r = new WebhookRegistry().register(stripeDefinition).register(stripeDefinition);
    expect(r.providers()).toEqual([stripeDefinition]);
    expect(r.provider("stripe")).toBe(stripeDefinition);
    expect(r.provider("nope")).toBeUndefined();
    // The same generated module evaluated again (another bundle, a dev-server reload): the newest wins.
    const again = { ...stripeDefinition };
    expect(r.register(again).provider("stripe")).toBe(again);
    expect(() => r.register({ ...stripeDefinition, source: "providers/other/webhook.yaml" })).toThrow(
      /already registered \(from test\/fixtures\/definitions\.ts\); refusing a second definition from providers\/other\/webhook\.yaml/,
    );
  });

  it("returns the same processor per (provider, webhook) and explains unknown names", () => {
    const r = new WebhookRegistry().register(stripeDefinition).register(githubDefinition);
    expect(r.createProcessor("stripe")).toBe(r.createProcessor("stripe", "default"));
    expect(r.processorFor("stripe", "small")).not.toBe(r.createProcessor("stripe"));
    expect(() => r.processorFor("paypal", "default")).toThrow(/unknown webhook provider "paypal" \(registered: stripe, github\)/);
    expect(() => r.processorFor("github", "nope")).toThrow(/no webhook "nope"/);
  });
});

describe("Processor dispatch", () => {
  it("runs middleware in use order, then typed handlers in on order, then '*'; first result wins", async () => {
    const p = new WebhookRegistry().register(stripeDefinition).processorFor("stripe", "default");
    const order: string[] = [];
    p.use(() => void order.push("mw1"));
    p.use(async () => void order.push("mw2"));
    p.on("*", () => {
      order.push("star");
      return { from: "star" };
    });
    p.on("a", () => void order.push("a1"));
    p.on(["a", "b"], () => {
      order.push("a2");
      return { from: "a2" };
    });
    p.on("a", () => {
      order.push("a3");
      return { from: "a3" };
    });
    expect(await p.dispatch(event("a"))).toEqual({ from: "a2" });
    expect(order).toEqual(["mw1", "mw2", "a1", "a2", "a3", "star"]);
    expect(await p.dispatch(event("c"))).toEqual({ from: "star" });
    expect(p.handles("zzz")).toBe(true);
  });

  it("propagates handler errors and stops at a throwing middleware", async () => {
    const p = new WebhookRegistry().register(stripeDefinition).processorFor("stripe", "default");
    const handler = vi.fn();
    p.use(() => {
      throw new Error("mw");
    });
    p.on("a", handler);
    await expect(p.dispatch(event("a"))).rejects.toThrow("mw");
    expect(handler).not.toHaveBeenCalled();
  });

  it("keeps a bounded dead-letter list and isolates hook failures", async () => {
    const p = new WebhookRegistry().register(stripeDefinition).processorFor("stripe", "default");
    const errors: unknown[] = [];
    p.onDeadLetter(() => {
      throw new Error("hook");
    });
    for (let i = 0; i < 150; i++) {
      await p.recordDeadLetter(
        { reason: "invalid_payload", provider: "stripe", webhook: "default", id: `e${i}`, type: "a", receivedAt: new Date(0), payload: {}, rawBody: new Uint8Array(), issues: [] },
        (e) => errors.push(e),
      );
    }
    expect(p.deadLetters).toHaveLength(100);
    expect(p.deadLetters[0]!.id).toBe("e50");
    expect(errors).toHaveLength(150);
  });
});

describe("Processor event groups", () => {
  it("runs exact handlers, then group handlers (longest first), then '*', and counts groups as handlers", async () => {
    const { Processor } = await import("./processor.js");
    const p = new Processor("github", "default");
    const ran: string[] = [];
    p.on("*", () => void ran.push("*"));
    p.on("a", () => void ran.push("a"));
    p.on("a.b", () => void ran.push("a.b"));
    p.on("a.b.c", () => void ran.push("a.b.c"));
    await p.dispatch({ provider: "github", webhook: "default", id: "1", type: "a.b.c", timestamp: new Date(0), payload: {}, headers: {}, rawBody: new Uint8Array() });
    expect(ran).toEqual(["a.b.c", "a.b", "a", "*"]);
    const q = new Processor("github", "default");
    q.on("issues", () => undefined);
    expect(q.handles("issues.opened")).toBe(true);
    expect(q.handles("push")).toBe(false);
    expect(q.hasWildcard()).toBe(false);
  });
});
