import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { githubDefinition, slackDefinition, stripeDefinition } from "../../../../test/fixtures/definitions.js";
import { isPromiseLike } from "../../maybe-promise.js";
import type { ProviderDefinition } from "../../types.js";
import { harness, NOW, type DeliveryInit } from "../__fixtures__/harness.js";
import { DeliveryEvent } from "../delivery.js";
import { createIdentify } from "./identify.js";

function setup(def: ProviderDefinition, webhook = "default") {
  const h = harness(def, {}, webhook);
  const identify = createIdentify(h.settings);
  return {
    ...h,
    /** Identifies a delivery of `init`, synchronously (the Node crypto backend hashes synchronously). */
    run(init: DeliveryInit) {
      const d = h.readDelivery(init);
      const outcome = identify(d);
      if (isPromiseLike(outcome)) throw new Error("identify suspended on the Node backend");
      return { d, outcome };
    },
  };
}

const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

describe("identify", () => {
  describe("stripe (type and id in the body)", () => {
    const stripe = () => setup(stripeDefinition);

    it("identifies a subscribed event of the catalog and goes on", () => {
      const body = '{"id":"evt_1","type":"payment_intent.succeeded","created":1700000000,"data":{"object":{"id":"pi_1"}}}';
      const headers = { "content-type": "application/json", "stripe-signature": "t=1,v1=00" };
      const { d, outcome } = stripe().run({ body, headers });
      expect(outcome).toBeUndefined();
      expect(d.payload).toEqual(JSON.parse(body));
      expect(d.event).toBeInstanceOf(DeliveryEvent);
      expect(d.event!.toJSON()).toEqual({
        provider: "stripe",
        webhook: "default",
        id: "evt_1",
        type: "payment_intent.succeeded",
        timestamp: new Date(1_700_000_000_000),
        payload: JSON.parse(body),
        rawBody: d.rawBody,
        headers,
        known: true,
        drift: [],
      });
      expect(d.event!.payload).toBe(d.payload);
      expect(d.event!.rawBody).toBe(d.rawBody);
      expect(d.event!.headerBag).toBe(d.req.headers);
    });

    it("falls back to the time of receipt without a readable timestamp", () => {
      const { d } = stripe().run({ body: '{"id":"evt_1","type":"payment_intent.succeeded","created":"soon"}' });
      expect(d.event!.timestamp).toEqual(new Date(NOW));
    });

    it("answers unsubscribed for a catalog event the webhook does not subscribe to, creating no event", () => {
      const h = stripe();
      const { d, outcome } = h.run({ body: '{"id":"evt_1","type":"charge.refunded"}' });
      expect(outcome).toBe("unsubscribed");
      expect(d.event).toBeUndefined();
      expect(h.logger.lines.find((l) => l.message === "ignored: event not subscribed")!.fields).toEqual({
        provider: "stripe",
        webhook: "default",
        type: "charge.refunded",
      });
    });

    it("accepts any catalog event on a webhook without an events filter", () => {
      const { outcome, d } = setup(stripeDefinition, "small").run({ body: '{"id":"evt_1","type":"charge.refunded"}' });
      expect(outcome).toBeUndefined();
      expect(d.event!.type).toBe("charge.refunded");
    });

    it("answers unknown_event_type for a type outside the catalog, keeping the event (for the dead letter)", () => {
      const { d, outcome } = stripe().run({ body: '{"id":"evt_2","type":"invoice.paid"}' });
      expect(outcome).toBe("unknown_event_type");
      expect(d.event).toMatchObject({ id: "evt_2", type: "invoice.paid", provider: "stripe" });
    });

    it("keeps a type outside the catalog out of \"*\" handlers when the webhook has an events: filter", () => {
      const h = stripe();
      h.settings.registry.processorFor("stripe", "default").on("*", () => undefined);
      expect(h.run({ body: '{"id":"evt_4","type":"made.up"}' }).outcome).toBe("unknown_event_type");
    });

    it("answers unknown_event_type with type \"\" when the delivery names no type", () => {
      const { d, outcome } = stripe().run({ body: '{"id":"evt_3"}' });
      expect(outcome).toBe("unknown_event_type");
      expect(d.event!.type).toBe("");
      expect(d.event!.id).toBe("evt_3");
    });

    it("answers bad_body for a body that does not parse, creating no event", () => {
      for (const body of ["{", "", "not json", new Uint8Array([0x7b, 0xff, 0x7d])]) {
        const { d, outcome } = stripe().run({ body });
        expect(outcome).toBe("bad_body");
        expect(d.event).toBeUndefined();
      }
    });

    it("drops prototype-pollution gadgets while parsing", () => {
      const { d } = stripe().run({ body: '{"id":"evt_1","type":"payment_intent.succeeded","__proto__":{"polluted":true}}' });
      expect(Object.hasOwn(d.payload as object, "__proto__")).toBe(false);
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    });

    it("does not answer a Slack handshake for a provider without one", () => {
      const { outcome, d } = stripe().run({ body: '{"type":"url_verification","challenge":"abc"}' });
      expect(outcome).toBe("unknown_event_type");
      expect(d.body).toBeUndefined();
    });
  });

  describe("github (type from a header plus the body's action, id in a header)", () => {
    const github = () => setup(githubDefinition);
    const headers = (event: string, extra: Record<string, string> = {}) => ({ "x-github-event": event, "x-github-delivery": "d-1", ...extra });

    it("appends the action to the type", () => {
      const { d, outcome } = github().run({ body: '{"action":"opened"}', headers: headers("issues") });
      expect(outcome).toBeUndefined();
      expect(d.event).toMatchObject({ type: "issues.opened", id: "d-1" });
    });

    it("uses the bare type for `push`, which carries no action", () => {
      const { d, outcome } = github().run({ body: '{"ref":"refs/heads/main"}', headers: headers("push") });
      expect(outcome).toBeUndefined();
      expect(d.event!.type).toBe("push");
    });

    it("falls back to the bare type when type.action is not in the catalog but the bare type is", () => {
      const { d, outcome } = github().run({ body: '{"action":"created","ref":"x"}', headers: headers("push") });
      expect(outcome).toBeUndefined();
      expect(d.event!.type).toBe("push");
    });

    it("keeps type.action when neither it nor the bare type is in the catalog", () => {
      const { d, outcome } = github().run({ body: '{"action":"deleted"}', headers: headers("issues") });
      expect(outcome).toBe("unknown_event_type");
      expect(d.event!.type).toBe("issues.deleted");
    });

    it("uses the SHA-256 of the body as the id when the delivery carries none", () => {
      const body = '{"ref":"refs/heads/main"}';
      const { d, outcome } = github().run({ body, headers: { "x-github-event": "push" } });
      expect(outcome).toBeUndefined();
      expect(d.event!.id).toBe(sha256Hex(body));
      const empty = github().run({ body: '{"ref":"refs/heads/main"}', headers: { "x-github-event": "push", "x-github-delivery": "" } });
      expect(empty.d.event!.id).toBe(sha256Hex(body));
    });

    it("answers unknown_event_type without the event header", () => {
      const { d, outcome } = github().run({ body: "{}", headers: { "x-github-delivery": "d-9" } });
      expect(outcome).toBe("unknown_event_type");
      expect(d.event).toMatchObject({ type: "", id: "d-9" });
    });
  });

  describe("slack (form or JSON, with the url_verification handshake)", () => {
    const slack = () => setup(slackDefinition);
    const json = { "content-type": "application/json" };

    it("answers the url_verification handshake with the challenge, creating no event", () => {
      const { d, outcome } = slack().run({ body: '{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}', headers: json });
      expect(outcome).toBe("handshake");
      expect(d.body).toBe('{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}');
      expect(d.event).toBeUndefined();
    });

    it("does not treat a url_verification without a string challenge as a handshake", () => {
      const { d, outcome } = slack().run({ body: '{"type":"url_verification","challenge":42}', headers: json });
      expect(outcome).toBe("unknown_event_type");
      expect(d.body).toBeUndefined();
    });

    it("identifies an Events API delivery sent as JSON", () => {
      const body = '{"type":"event_callback","event_id":"Ev1","event_time":1700000001,"event":{"type":"app_mention"}}';
      const { d, outcome } = slack().run({ body, headers: json });
      expect(outcome).toBeUndefined();
      expect(d.event).toMatchObject({ type: "app_mention", id: "Ev1", timestamp: new Date(1_700_000_001_000) });
    });

    it("parses form-encoded interactivity, whose `payload` field holds the JSON", () => {
      const payload = { type: "block_actions", trigger_id: "T123" };
      const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      const { d, outcome } = slack().run({ body, headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(outcome).toBeUndefined();
      expect(d.payload).toEqual(payload);
      expect(d.event).toMatchObject({ type: "block_actions", id: "T123" });
    });
  });

  describe("types outside the catalog", () => {
    it("go on to \"*\" handlers (known: false) when the webhook subscribes to everything", () => {
      const h = setup(githubDefinition);
      const headers = { "x-github-event": "workflow_run", "x-github-delivery": "d-9" };
      expect(h.run({ body: '{"action":"completed"}', headers }).outcome).toBe("unknown_event_type");
      h.settings.registry.processorFor("github", "default").on("*", () => undefined);
      const { d, outcome } = h.run({ body: '{"action":"completed"}', headers });
      expect(outcome).toBeUndefined();
      expect(d.event).toMatchObject({ type: "workflow_run.completed", known: false });
    });
  });
});
