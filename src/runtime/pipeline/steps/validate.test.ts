import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { DriftReport } from "../../drift.js";
import { stripeDefinition } from "../../../../test/fixtures/definitions.js";
import type { PayloadValidator, ProviderDefinition, ValidationMode } from "../../types.js";
import { harness, withEvent } from "../__fixtures__/harness.js";
import { createValidate } from "./validate.js";

function setup(def: ProviderDefinition = stripeDefinition, webhook = "default") {
  const h = harness(def, {}, webhook);
  const validate = createValidate(h.settings);
  return {
    ...h,
    run(type: string, payload: unknown) {
      const d = h.readDelivery({ body: JSON.stringify(payload) });
      withEvent(d, { type, id: "evt_1", payload });
      return { d, outcome: validate(d) };
    },
  };
}

/** Stripe's definition with the default webhook in `mode`, and a validator recording its input. */
function withMode(mode: ValidationMode, validator: PayloadValidator): ProviderDefinition {
  const { events: _allEvents, ...config } = stripeDefinition.webhooks.default!;
  return {
    ...stripeDefinition,
    validators: () => (event) => (event === "charge.refunded" ? validator : undefined),
    webhooks: { default: { ...config, validation: mode } },
  };
}

describe("validate", () => {
  it("goes on for a payload its schema accepts", () => {
    const { d, outcome } = setup().run("payment_intent.succeeded", { data: { object: { id: "pi_1" } } });
    expect(outcome).toBeUndefined();
    expect(d.issues).toEqual([]);
  });

  it("answers invalid_payload with the validator's issues for a payload its schema rejects", () => {
    const h = setup();
    const { d, outcome } = h.run("payment_intent.succeeded", { data: { object: { id: 42 } } });
    expect(outcome).toBe("invalid_payload");
    expect(d.issues).toEqual([{ path: ["data", "object", "id"], message: "expected string" }]);
    expect(h.logger.lines.find((l) => l.message === "invalid payload: dead-lettered")!.fields).toEqual({
      provider: "stripe",
      webhook: "default",
      type: "payment_intent.succeeded",
      id: "evt_1",
      issues: 1,
    });
  });

  it("goes on for a type that has no schema", () => {
    expect(setup().run("charge.refunded", { anything: true }).outcome).toBeUndefined();
  });

  it("goes on for any payload of a provider without validators", () => {
    const { validators: _none, ...def } = stripeDefinition;
    expect(setup(def).run("payment_intent.succeeded", {}).outcome).toBeUndefined();
  });

  it("checks nothing in mode off", () => {
    let called = 0;
    const validator: PayloadValidator = {
      safeParse: () => (called++, { success: false, error: { issues: [{ path: [], message: "no" }] } }),
    };
    expect(setup(withMode("off", validator)).run("charge.refunded", {}).outcome).toBeUndefined();
    expect(called).toBe(0);
    expect(setup(withMode("lenient", validator)).run("charge.refunded", {}).outcome).toBeUndefined(); // drift, dispatched
    expect(called).toBe(1);
  });

  it("prefers the cheap validate() answer, building issues only on failure", () => {
    const calls: string[] = [];
    const validator: PayloadValidator = {
      validate: (data) => (calls.push("validate"), (data as { ok?: boolean }).ok === true),
      safeParse: () => (calls.push("safeParse"), { success: false, error: { issues: [{ path: ["ok"], message: "must be true" }] } }),
    };
    const h = setup(withMode("strict", validator));
    expect(h.run("charge.refunded", { ok: true }).outcome).toBeUndefined();
    expect(calls).toEqual(["validate"]);
    const bad = h.run("charge.refunded", { ok: false });
    expect(bad.outcome).toBe("invalid_payload");
    expect(bad.d.issues).toEqual([{ path: ["ok"], message: "must be true" }]);
    expect(calls).toEqual(["validate", "validate", "safeParse"]);
  });

  it("keeps an empty issue list when the validator rejects without issues", () => {
    const validator: PayloadValidator = { safeParse: () => ({ success: false }) };
    const { d, outcome } = setup(withMode("strict", validator)).run("charge.refunded", {});
    expect(outcome).toBe("invalid_payload");
    expect(d.issues).toEqual([]);
  });

  describe("lenient: drift is dispatched and reported, never refused", () => {
    // A real zod schema as the generator emits it for lenient mode (unknown keys pass).
    const schema = z.looseObject({
      repository: z.looseObject({ has_discussions: z.boolean(), visibility: z.enum(["public", "private"]) }),
      size: z.number(),
    });
    const validator: PayloadValidator = { safeParse: (data) => schema.safeParse(data) };

    it("sets event.drift with the path and kind of each departure, and reports each distinct one once", () => {
      const h = setup(withMode("lenient", validator));
      const reports: DriftReport[] = [];
      h.settings.registry.processorFor("stripe", "default").onDrift((r) => void reports.push(r));
      const payload = { repository: { visibility: "internal", extra: 1 }, size: "7" };
      const first = h.run("charge.refunded", payload);
      expect(first.outcome).toBeUndefined();
      expect(first.d.event!.drift.map((i) => [i.path.join("."), i.kind])).toEqual([
        ["repository.has_discussions", "missing"],
        ["repository.visibility", "enum"],
        ["size", "type"],
      ]);
      expect(reports.map((r) => `${r.type} ${r.path.join(".")} ${r.kind} ${r.id}`)).toEqual([
        "charge.refunded repository.has_discussions missing evt_1",
        "charge.refunded repository.visibility enum evt_1",
        "charge.refunded size type evt_1",
      ]);
      const warnings = h.logger.lines.filter((l) => l.level === "warn").length;
      expect(warnings).toBe(3);
      h.run("charge.refunded", payload); // the same drift again: dispatched, not reported again
      expect(reports).toHaveLength(3);
      expect(h.logger.lines.filter((l) => l.level === "warn")).toHaveLength(warnings);
    });

    it("keeps a throwing drift hook out of the answer", () => {
      const h = setup(withMode("lenient", validator));
      h.settings.registry.processorFor("stripe", "default").onDrift(() => {
        throw new Error("hook down");
      });
      expect(h.run("charge.refunded", { size: 1 }).outcome).toBeUndefined();
      expect(h.logger.lines.some((l) => l.level === "error" && l.message.includes("drift hook failed"))).toBe(true);
    });

    it("strict still refuses the same payload, naming each path", () => {
      const { d, outcome } = setup(withMode("strict", validator)).run("charge.refunded", { size: 1 });
      expect(outcome).toBe("invalid_payload");
      expect(d.issues.map((i) => i.path.join("."))).toEqual(["repository"]);
    });
  });
});
