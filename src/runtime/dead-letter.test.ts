import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DeadLetterList, keptHeaders, type DeadLetterInput } from "./dead-letter.js";
import { isPromiseLike } from "./maybe-promise.js";
import { parseBody } from "./parse.js";

const encoder = new TextEncoder();
const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function input(id: string, body: string | Uint8Array, over: Partial<DeadLetterInput> = {}): DeadLetterInput {
  const rawBody = typeof body === "string" ? encoder.encode(body) : body;
  return {
    reason: "no_handler",
    provider: "stripe",
    webhook: "default",
    id,
    type: "charge.refunded",
    receivedAt: new Date(1_700_000_000_000),
    payload: undefined,
    rawBody,
    contentType: "application/json",
    issues: [],
    ...over,
  };
}

/** Pushes synchronously (the Node backend hashes synchronously). */
function push(list: DeadLetterList, entry: DeadLetterInput) {
  const result = list.push(entry);
  if (isPromiseLike(result)) throw new Error("push suspended on the Node backend");
  return result;
}

const ids = (list: DeadLetterList) => list.list().map((e) => e.id);

describe("DeadLetterList", () => {
  it("has the documented defaults: 100 entries, 4 MiB, 64 KiB per entry", () => {
    const list = new DeadLetterList();
    expect([list.maxEntries, list.maxBytes, list.maxEntryBytes]).toEqual([100, 4 * 1024 * 1024, 64 * 1024]);
    expect(list.capacity).toBe(100);
    expect(new DeadLetterList(7).maxEntries).toBe(7); // a number is maxEntries, as before
    expect(new DeadLetterList({ maxBytes: 10, maxEntryBytes: 50 }).maxEntryBytes).toBe(10); // never above maxBytes
  });

  it("keeps at most maxEntries, dropping the oldest first", () => {
    const list = new DeadLetterList({ maxEntries: 3 });
    for (const id of ["1", "2", "3", "4", "5"]) push(list, input(id, `{"n":${id}}`));
    expect(ids(list)).toEqual(["3", "4", "5"]);
    expect(list.bytes).toBe(3 * '{"n":1}'.length);
  });

  it("keeps at most maxBytes of bodies, dropping the oldest first", () => {
    const list = new DeadLetterList({ maxEntries: 100, maxBytes: 100, maxEntryBytes: 100 });
    const forty = "x".repeat(40);
    push(list, input("1", forty));
    push(list, input("2", forty));
    expect(list.bytes).toBe(80);
    push(list, input("3", forty));
    expect(ids(list)).toEqual(["2", "3"]);
    expect(list.bytes).toBe(80);
    push(list, input("4", "y".repeat(100))); // exactly the limit: everything older goes
    expect(ids(list)).toEqual(["4"]);
    expect(list.bytes).toBe(100);
  });

  it("keeps an oversized body as a prefix, with its full size and SHA-256", () => {
    const list = new DeadLetterList({ maxEntryBytes: 10 });
    const body = encoder.encode('{"data":"0123456789abcdef"}');
    push(list, input("big", body));
    const [kept] = list.list();
    expect(kept!.truncated).toBe(true);
    expect(kept!.rawBody).toEqual(body.subarray(0, 10));
    expect(kept!.bodyBytes).toBe(body.byteLength);
    expect(kept!.bodySha256).toBe(sha256Hex(body));
    expect(kept!.payload).toBeUndefined(); // a prefix does not parse
    expect(list.bytes).toBe(10);
  });

  it("keeps a body of exactly maxEntryBytes whole", () => {
    const list = new DeadLetterList({ maxEntryBytes: 10 });
    push(list, input("edge", "0123456789"));
    expect(list.list()[0]).toMatchObject({ truncated: false, bodyBytes: 10 });
    expect(list.list()[0]!.rawBody.byteLength).toBe(10);
  });

  it("keeps its own copy of the bytes, not the caller's buffer", () => {
    const list = new DeadLetterList();
    const backing = encoder.encode('{"a":1}');
    push(list, input("1", backing));
    backing[2] = "b".charCodeAt(0);
    const kept = list.list()[0]!;
    expect(kept.rawBody).not.toBe(backing);
    expect(new TextDecoder().decode(kept.rawBody)).toBe('{"a":1}');
    expect(kept.bodySha256).toBe(sha256Hex(encoder.encode('{"a":1}')));
  });

  it("holds bytes only and parses the JSON payload again on every access", () => {
    const list = new DeadLetterList();
    const payload = { id: "evt_1", data: { object: { id: "pi_1" } } };
    push(list, input("1", JSON.stringify(payload), { payload }));
    const kept = list.list()[0]!;
    const held = Object.getOwnPropertyDescriptor(kept, "payload");
    expect(held?.get).toBeTypeOf("function"); // an accessor, not a held value
    expect(held).not.toHaveProperty("value");
    expect(kept.payload).toEqual(payload);
    expect(kept.payload).not.toBe(kept.payload); // a fresh parse each time
    expect(kept.payload).not.toBe(payload);
  });

  it("parses a kept form body as a form (Slack interactivity included)", () => {
    const list = new DeadLetterList();
    const form = "application/x-www-form-urlencoded";
    push(list, input("fields", "a=1&b=two", { contentType: form, bodyFormat: "form" }));
    const interactivity = { type: "block_actions", trigger_id: "T1" };
    push(list, input("payload", `payload=${encodeURIComponent(JSON.stringify(interactivity))}`, { contentType: form, bodyFormat: "form" }));
    const [fields, slack] = list.list();
    expect({ ...(fields!.payload as object) }).toEqual({ a: "1", b: "two" });
    expect(slack!.payload).toEqual(interactivity);
  });

  it("answers undefined for a kept body that does not parse", () => {
    const list = new DeadLetterList();
    push(list, input("1", "{not json"));
    expect(list.list()[0]!.payload).toBeUndefined();
  });

  it("hands hooks the full entry: whole body, original payload, not truncated", () => {
    const list = new DeadLetterList({ maxEntryBytes: 4 });
    const payload = { id: "evt_1" };
    const raw = encoder.encode(JSON.stringify(payload));
    const issues = [{ path: ["id"], message: "bad" }];
    const full = push(list, input("1", raw, { payload, issues, reason: "invalid_payload" }));
    expect(full).toMatchObject({ reason: "invalid_payload", id: "1", truncated: false, bodyBytes: raw.byteLength, bodySha256: sha256Hex(raw) });
    expect(full.rawBody).toBe(raw);
    expect(full.payload).toBe(payload);
    expect(full.issues).toBe(issues);
    // while the kept entry is the compacted one
    expect(list.list()[0]).toMatchObject({ truncated: true, bodyBytes: raw.byteLength });
    expect(list.list()[0]!.rawBody.byteLength).toBe(4);
  });

  it("keeps the other fields as given, and at most 100 issues", () => {
    const list = new DeadLetterList();
    const issues = Array.from({ length: 150 }, (_, i) => ({ path: [i], message: `issue ${i}` }));
    const full = push(list, input("1", "{}", { issues, type: "", contentType: undefined }));
    const kept = list.list()[0]!;
    expect(kept).toMatchObject({
      reason: "no_handler",
      provider: "stripe",
      webhook: "default",
      id: "1",
      type: "",
      receivedAt: new Date(1_700_000_000_000),
      contentType: undefined,
    });
    expect(kept.issues).toHaveLength(100);
    expect(kept.issues[99]).toEqual({ path: [99], message: "issue 99" });
    expect(full.issues).toHaveLength(150);
  });

  it("clears entries and bytes", () => {
    const list = new DeadLetterList();
    push(list, input("1", "{}"));
    list.clear();
    expect(list.list()).toEqual([]);
    expect(list.bytes).toBe(0);
  });

  it("returns a snapshot that later pushes do not change", () => {
    const list = new DeadLetterList({ maxEntries: 1 });
    push(list, input("1", "{}"));
    const snapshot = list.list();
    push(list, input("2", "{}"));
    expect(snapshot.map((e) => e.id)).toEqual(["1"]);
    expect(ids(list)).toEqual(["2"]);
  });

  it("property: within both bounds, the kept entries are the newest pushes in order, and `bytes` is their sum", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 80 }),
        fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 25 }),
        (maxEntries, maxBytes, maxEntryBytes, sizes) => {
          const list = new DeadLetterList({ maxEntries, maxBytes, maxEntryBytes });
          const cap = Math.min(maxEntryBytes, maxBytes);
          sizes.forEach((size, i) => push(list, input(String(i), new Uint8Array(size).fill(65))));
          const kept = list.list();
          // Reference: walk back from the newest while both bounds hold.
          const expected: string[] = [];
          let bytes = 0;
          for (let i = sizes.length - 1; i >= 0; i--) {
            const size = Math.min(sizes[i]!, cap);
            if (expected.length + 1 > maxEntries || bytes + size > maxBytes) break;
            expected.unshift(String(i));
            bytes += size;
          }
          expect(kept.map((e) => e.id)).toEqual(expected);
          expect(list.bytes).toBe(bytes);
          expect(list.bytes).toBe(kept.reduce((n, e) => n + e.rawBody.byteLength, 0));
          for (const e of kept) expect(e.truncated).toBe(sizes[Number(e.id)]! > cap);
        },
      ),
      { numRuns: 300 },
    );
  });

  // Kept entries parse with the provider's body format, as the pipeline did, not by content type alone.
  it("re-parses a JSON provider's body sent as text/plain as the JSON the pipeline parsed", () => {
    const list = new DeadLetterList();
    const raw = encoder.encode('{"id":"evt_1"}');
    const payload = parseBody(raw, "json", "text/plain"); // what identify parsed for a json provider
    push(list, input("1", raw, { payload, contentType: "text/plain", bodyFormat: "json" }));
    expect(list.list()[0]!.payload).toEqual({ id: "evt_1" });
  });

  it("re-parses a form provider's body sent without a content type as the form the pipeline parsed", () => {
    const list = new DeadLetterList();
    const raw = encoder.encode("a=1&b=2");
    const payload = parseBody(raw, "form", undefined); // what identify parsed for a form provider
    push(list, input("1", raw, { payload, contentType: undefined, bodyFormat: "form" }));
    expect({ ...(list.list()[0]!.payload as object) }).toEqual({ a: "1", b: "2" });
  });
});

/** Adds synchronously (the Node backend hashes synchronously). */
function add(list: DeadLetterList, entry: DeadLetterInput): string {
  const key = list.add(entry);
  if (isPromiseLike(key)) throw new Error("add suspended on the Node backend");
  return key;
}

describe("DeadLetterList as a DeadLetterStore", () => {
  it("hands out increasing keys and gets, updates and deletes by key", () => {
    const list = new DeadLetterList();
    expect([add(list, input("a", "{}")), add(list, input("b", '{"x":1}'))]).toEqual(["1", "2"]);
    expect(list.get("2")).toMatchObject({ key: "2", id: "b", attempts: 0, payload: { x: 1 } });
    expect(list.get("3")).toBeUndefined();
    expect(list.update("2", { reason: "invalid_payload", issues: [{ path: ["x"], message: "bad" }], attempts: 1, lastFailure: "invalid_payload" })).toBe(true);
    const updated = list.get("2")!;
    expect(updated).toMatchObject({ key: "2", reason: "invalid_payload", attempts: 1, lastFailure: "invalid_payload", payload: { x: 1 } });
    expect(Object.getOwnPropertyDescriptor(updated, "payload")?.get).toBeTypeOf("function"); // still bytes only
    expect(list.update("9", { attempts: 1, lastFailure: "x" })).toBe(false);
    expect(list.bytes).toBe(2 + 7);
    expect(list.delete("1")).toBe(true);
    expect(list.delete("1")).toBe(false);
    expect(list.bytes).toBe(7);
    expect(ids(list)).toEqual(["b"]);
  });

  it("lists filtered by provider and webhook, paged by limit and cursor (the last key seen)", () => {
    const list = new DeadLetterList();
    for (let i = 1; i <= 5; i++) add(list, input(`e${i}`, "{}", { provider: i % 2 === 0 ? "github" : "stripe", webhook: i === 5 ? "connect" : "default" }));
    expect(list.list({ provider: "stripe" }).map((e) => e.id)).toEqual(["e1", "e3", "e5"]);
    expect(list.list({ provider: "stripe", webhook: "default" }).map((e) => e.id)).toEqual(["e1", "e3"]);
    const first = list.list({ limit: 2 });
    expect(first.map((e) => e.key)).toEqual(["1", "2"]);
    expect(list.list({ limit: 2, cursor: first[1]!.key }).map((e) => e.key)).toEqual(["3", "4"]);
    list.delete("3");
    expect(list.list({ cursor: "2" }).map((e) => e.key)).toEqual(["4", "5"]); // a deleted cursor entry is fine
  });

  it("keeps the headers it is given", () => {
    const list = new DeadLetterList();
    add(list, input("h", "{}", { headers: { "x-github-event": "push" } }));
    expect(list.get("1")!.headers).toEqual({ "x-github-event": "push" });
  });
});

describe("keptHeaders", () => {
  it("drops credentials and signatures, keeps what identifies the event", () => {
    expect(
      keptHeaders({
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": "d1",
        "x-hub-signature-256": "sha256=ab",
        "stripe-signature": "t=1,v1=ab",
        authorization: "Bearer x",
        cookie: "a=b",
        "x-api-key": "k",
        "x-slack-request-timestamp": "1",
      }),
    ).toEqual({ "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": "d1", "x-slack-request-timestamp": "1" });
  });
});
