import { describe, expect, it, vi } from "vitest";
import { githubDefinition, stripeDefinition } from "../../../test/fixtures/definitions.js";
import { DeadLetterList, type DeadLetterInput } from "../dead-letter.js";
import { isPromiseLike } from "../maybe-promise.js";
import { WebhookRegistry } from "../registry.js";
import { replayDeadLetter, replayDeadLetters } from "./dead-letter-store.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const encoder = new TextEncoder();

function input(body: string, over: Partial<DeadLetterInput> = {}): DeadLetterInput {
  return {
    reason: "no_handler",
    provider: "stripe",
    webhook: "default",
    id: "evt_1",
    type: "payment_intent.succeeded",
    receivedAt: new Date(1_700_000_000_000),
    payload: undefined,
    rawBody: encoder.encode(body),
    contentType: "application/json",
    headers: { "content-type": "application/json" },
    issues: [],
    ...over,
  };
}

function add(store: DeadLetterList, entry: DeadLetterInput): string {
  const key = store.add(entry);
  if (isPromiseLike(key)) throw new Error("add suspended");
  return key;
}

const PAYMENT = JSON.stringify({ id: "evt_1", type: "payment_intent.succeeded", created: 1_700_000_000, data: { object: { id: "pi_1" } } });

function setup() {
  const registry = new WebhookRegistry().register(stripeDefinition).register(githubDefinition);
  const store = new DeadLetterList();
  return { registry, store, stripe: registry.processorFor("stripe", "default"), options: { store, registry, logger: silent } };
}

describe("replayDeadLetter", () => {
  it("runs the exact bytes through the current handlers, once, and deletes the entry", async () => {
    const { store, stripe, options } = setup();
    const key = add(store, input(PAYMENT));
    const handler = vi.fn(() => ({ ok: true }));
    stripe.on("payment_intent.succeeded", handler);
    await expect(replayDeadLetter(key, options)).resolves.toEqual({ key, outcome: "processed", deleted: true, body: '{"ok":true}' });
    expect(handler).toHaveBeenCalledOnce();
    expect(handler.mock.calls[0]).toMatchObject([{ id: "evt_1", type: "payment_intent.succeeded", payload: JSON.parse(PAYMENT) }]);
    expect(store.get(key)).toBeUndefined();
  });

  it("extracts type and id from the kept headers, as the pipeline did (GitHub)", async () => {
    const { store, registry, options } = setup();
    const body = JSON.stringify({ action: "opened", issue: { number: 7 } });
    const key = add(store, input(body, { provider: "github", type: "issues.opened", id: "d-1", headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": "d-1" } }));
    const seen: string[] = [];
    registry.processorFor("github", "default").on("issues.opened", (event) => void seen.push(`${event.type} ${event.id}`));
    expect((await replayDeadLetter(key, options)).outcome).toBe("processed");
    expect(seen).toEqual(["issues.opened d-1"]);
  });

  it("keeps an entry nothing handles yet, counting the attempt", async () => {
    const { store, options } = setup();
    const key = add(store, input(PAYMENT));
    await expect(replayDeadLetter(key, options)).resolves.toEqual({ key, outcome: "no_handler", deleted: false, failure: "no_handler" });
    expect(store.get(key)).toMatchObject({ reason: "no_handler", attempts: 1, lastFailure: "no_handler" });
    await replayDeadLetter(key, options);
    expect(store.get(key)).toMatchObject({ attempts: 2 });
  });

  it("keeps an entry whose handler throws, with the error as its last failure", async () => {
    const { store, stripe, options } = setup();
    const key = add(store, input(PAYMENT));
    stripe.on("payment_intent.succeeded", () => {
      throw new Error("db down");
    });
    const result = await replayDeadLetter(key, options);
    expect(result).toMatchObject({ outcome: "handler_failed", deleted: false, failure: "handler_failed: handler failed: db down" });
    expect(store.get(key)).toMatchObject({ reason: "no_handler", attempts: 1, lastFailure: "handler_failed: handler failed: db down" });
  });

  it("validates again: a payload that still fails keeps the entry under invalid_payload with the issues", async () => {
    const { store, stripe, options } = setup();
    const key = add(store, input(JSON.stringify({ id: "evt_1", type: "payment_intent.succeeded", data: { object: {} } })));
    const handler = vi.fn();
    stripe.on("payment_intent.succeeded", handler);
    expect((await replayDeadLetter(key, options)).outcome).toBe("invalid_payload");
    expect(handler).not.toHaveBeenCalled();
    expect(store.get(key)).toMatchObject({ reason: "invalid_payload", issues: [{ path: ["data", "object", "id"] }] });
  });

  it("refuses a truncated entry (only a prefix was kept) and says why", async () => {
    const { registry } = setup();
    const store = new DeadLetterList({ maxEntryBytes: 10 });
    const key = add(store, input(PAYMENT));
    const result = await replayDeadLetter(key, { store, registry, logger: silent });
    expect(result).toMatchObject({ outcome: "truncated", deleted: false });
    expect(store.get(key)!.attempts).toBe(1);
  });

  it("answers not_found for a key the store does not hold, and misconfigured for an unregistered provider", async () => {
    const { store, options } = setup();
    expect(await replayDeadLetter("42", options)).toEqual({ key: "42", outcome: "not_found", deleted: false });
    const key = add(store, input(PAYMENT, { provider: "acme" }));
    expect(await replayDeadLetter(key, options)).toMatchObject({ outcome: "misconfigured", deleted: false });
  });
});

describe("replayDeadLetters", () => {
  it("replays every selected entry oldest first, across pages", async () => {
    const { registry, stripe } = setup();
    const store = new DeadLetterList({ maxEntries: 1000 });
    const options = { store, registry, logger: silent };
    for (let i = 0; i < 150; i++) add(store, input(PAYMENT.replace("evt_1", `evt_${i}`)));
    add(store, input("{}", { provider: "github", type: "push" }));
    const ran: string[] = [];
    stripe.on("payment_intent.succeeded", (event) => void ran.push(event.id));
    const results = await replayDeadLetters({ ...options, query: { provider: "stripe" } });
    expect(results).toHaveLength(150);
    expect(ran).toEqual(Array.from({ length: 150 }, (_, i) => `evt_${i}`));
    expect(store.list().map((e) => e.provider)).toEqual(["github"]);
  });
});
