/**
 * The built-in Mailgun spec (providers/mailgun/webhook.yaml). Mailgun's SDK (mailgun.js) has no
 * webhook verifier, so its documented construction — hex HMAC-SHA256 of `timestamp + token` under
 * the HTTP webhook signing key, carried in the body's `signature` object
 * (https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks) — is
 * computed with node:crypto, both ways: Mailgun-format deliveries verified by us, ours checked by
 * the Node snippet of Mailgun's docs. Mailgun's published example signature cannot be checked:
 * its signing key is not published. Plus stale and future timestamps, rotated keys, tampered
 * tokens, bodies that are not JSON, and replayed tokens through an in-process pipeline.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { idIsSigned } from "../../../src/runtime/pipeline/route-context.js";
import type { WebhookRequest } from "../../../src/runtime/types.js";
import { signedDelivery } from "../../../src/testing/sign.js";
import { variantsOfBody } from "../../../src/testing/variants.js";
import { compileFolder, contractProblems, errorSignatures, readSchemaFolder } from "../schema-folder.js";
import { accepts, verify } from "../schemes/harness.js";
import { builtinDefinition, builtinScheme, builtinSpec } from "./builtin.js";
import { builtinPipeline } from "./pipeline.js";

const spec = builtinSpec("mailgun");
const scheme = builtinScheme("mailgun");
const KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";

/** Mailgun's documented check (its docs' Node snippet): HMAC-SHA256(key, timestamp + token), hex, compared as text. */
const mailgunDocsVerify = ({ signingKey, timestamp, token, signature }: { signingKey: string; timestamp: string; token: string; signature: string }) =>
  createHmac("sha256", signingKey).update(timestamp.concat(token)).digest("hex") === signature;
/** The `signature` object Mailgun sends, computed the documented way. */
const mailgunSigns = (timestamp: string, token: string, key = KEY) => ({ timestamp, token, signature: createHmac("sha256", key).update(timestamp + token).digest("hex") });
const now = () => String(Math.floor(Date.now() / 1000));
const token = (n: number) => `${n}`.padStart(6, "0") + "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f".slice(0, 44);

// Modelled on the sample payloads of Mailgun's event reference (values changed).
const message = { headers: { "message-id": "20240219152312.aa6a32d2cf1d8d1b@mg.example.com", to: "Alice <alice@example.com>", from: "Bob <bob@mg.example.com>", subject: "Your receipt" }, attachments: [], size: 2218 };
const EVENTS: Record<string, Record<string, unknown>> = {
  accepted: { event: "accepted", id: "ncV2XwymRUKbPek_MIM-Gw", timestamp: 1708356192.493311, "log-level": "info", method: "HTTP", envelope: { transport: "smtp", sender: "bob@mg.example.com", targets: "alice@example.com" }, flags: { "is-authenticated": true, "is-test-mode": false }, message, recipient: "alice@example.com", "recipient-domain": "example.com", tags: ["receipt"], campaigns: [], "user-variables": { order: "1001" }, storage: { url: "https://storage.eu.mailgun.net/v3/domains/mg.example.com/messages/AgEF", key: "AgEF" } },
  delivered: { event: "delivered", id: "CPgfbmQMTCKtHW6uIWtuVe", timestamp: 1708356194.908181, "log-level": "info", envelope: { transport: "smtp", sender: "bob@mg.example.com", "sending-ip": "209.61.154.250", targets: "alice@example.com" }, flags: { "is-routed": false, "is-authenticated": true, "is-system-test": false, "is-test-mode": false }, "delivery-status": { tls: true, "mx-host": "smtp-in.example.com", code: 250, description: "", "session-seconds": 0.43, utf8: true, "attempt-no": 1, message: "OK", "certificate-verified": true }, message, recipient: "alice@example.com", "recipient-domain": "example.com", campaigns: [], tags: ["receipt"], "user-variables": {} },
  "failed.permanent": { event: "failed", severity: "permanent", reason: "bounce", id: "G9Bn5sl1TC6nu79C8C0bwg", timestamp: 1708356196.1, "log-level": "error", "delivery-status": { "attempt-no": 1, message: "No Such User Here", code: 550, "enhanced-code": "5.1.1", description: "", "session-seconds": 0.1 }, flags: { "is-routed": false, "is-delayed-bounce": false }, envelope: { sender: "bob@mg.example.com", transport: "smtp", targets: "nobody@example.com" }, message, recipient: "nobody@example.com", "recipient-domain": "example.com", tags: [], campaigns: [], "user-variables": {} },
  "failed.temporary": { event: "failed", severity: "temporary", reason: "generic", id: "Fs7-5t81S2ag6-sYINpaBA", timestamp: 1708356197.2, "log-level": "warn", "delivery-status": { "attempt-no": 1, message: "4.2.2 The email account that you tried to reach is over quota.", code: 452, description: "", "retry-seconds": 600 }, message, recipient: "alice@example.com", "recipient-domain": "example.com" },
  opened: { event: "opened", id: "-laxIqj9QWubsjY_3pTq_g", timestamp: 1708356300.3, "log-level": "info", recipient: "alice@example.com", "recipient-domain": "example.com", ip: "50.56.129.169", geolocation: { country: "US", region: "CA", city: "San Francisco" }, "client-info": { "client-type": "browser", "client-os": "Linux", "device-type": "desktop", "client-name": "Chrome", "user-agent": "Mozilla/5.0" }, message: { headers: { "message-id": message.headers["message-id"] } }, tags: [], campaigns: [], "user-variables": {} },
  clicked: { event: "clicked", id: "Ase7i2zsRYeDXztHGENqRA", timestamp: 1708356400.4, "log-level": "info", recipient: "alice@example.com", url: "https://example.com/orders/1001", ip: "50.56.129.169", geolocation: { country: "US", region: "CA", city: "San Francisco" }, "client-info": { "client-type": "browser" }, message: { headers: { "message-id": message.headers["message-id"] } } },
  unsubscribed: { event: "unsubscribed", id: "Ase7i2zsRYeDXztHGENqRB", timestamp: 1708356500.5, "log-level": "info", recipient: "alice@example.com", ip: "50.56.129.169", message: { headers: { "message-id": message.headers["message-id"] } }, tags: [] },
  complained: { event: "complained", id: "-Agny091SquKnsrW2NEKUA", timestamp: 1708356600.6, "log-level": "warn", recipient: "alice@example.com", envelope: { sender: "bob@mg.example.com" }, flags: { "is-test-mode": false }, message: { headers: { "message-id": message.headers["message-id"] } }, campaigns: [], tags: [], "user-variables": {} },
};
/** A delivery as Mailgun posts it: the signature object first, then the event data. */
const delivery = (eventData: Record<string, unknown>, signature: Record<string, string>) => JSON.stringify({ signature, "event-data": eventData });

describe("mailgun: the built-in spec", () => {
  it("reads the signature from the body: hex HMAC-SHA256 of the signed timestamp + token; 12 h tolerance", () => {
    expect(scheme).toEqual({
      scheme: "hmac", body: "signature.signature", algorithm: "sha256", encoding: "hex", prefix: "", separator: "",
      signedContent: "{timestamp}{body.signature.token}", timestamp: { body: "signature.timestamp", unit: "s", toleranceSeconds: 43_200 },
    });
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/mailgun/", secretEnv: "MAILGUN_WEBHOOK_SIGNING_KEY", verifySignature: true, validation: "lenient" });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 10, retries: { attempts: 6, windowHours: 8 } });
    expect(spec.bodyFormat).toBe("json");
  });

  it("dedupes on the signed token: the id is covered by the signature (event-data.id would not be)", () => {
    const def = builtinDefinition("mailgun");
    expect(spec.event.id).toEqual({ body: ["signature.token"] });
    expect(idIsSigned(def, def.webhooks["default"]!)).toBe(true);
    const unsignedId = { ...def, event: { ...def.event, id: { body: ["event-data.id"] } } };
    expect(idIsSigned(unsignedId, def.webhooks["default"]!)).toBe(false); // would key on the verified signature instead
  });
});

describe("mailgun: signatures (Mailgun's documented construction with node:crypto)", () => {
  it("accepts a Mailgun-format delivery; refuses another key, a changed token or timestamp", async () => {
    const sig = mailgunSigns(now(), token(1));
    expect(mailgunDocsVerify({ signingKey: KEY, ...sig })).toBe(true);
    const body = delivery(EVENTS["delivered"]!, sig);
    expect(await accepts(scheme, { body, headers: {}, secrets: [KEY] })).toBe(true);
    expect(await verify(scheme, { body, headers: {}, secrets: ["key-another"] })).toEqual({ ok: false, reason: "no matching signature" });
    expect(await accepts(scheme, { body: delivery(EVENTS["delivered"]!, { ...sig, token: token(2) }), headers: {}, secrets: [KEY] })).toBe(false);
    expect(await accepts(scheme, { body: delivery(EVENTS["delivered"]!, { ...sig, timestamp: String(Number(sig.timestamp) - 1) }), headers: {}, secrets: [KEY] })).toBe(false);
    // Upper-case hex is the same signature bytes.
    expect(await accepts(scheme, { body: delivery(EVENTS["delivered"]!, { ...sig, signature: sig.signature.toUpperCase() }), headers: {}, secrets: [KEY] })).toBe(true);
  });

  it("only timestamp and token are signed: a changed event-data still verifies (Mailgun's design; dedupe on the token is the guard)", async () => {
    const sig = mailgunSigns(now(), token(3));
    const changed = delivery({ ...EVENTS["delivered"]!, recipient: "mallory@example.com" }, sig);
    expect(await accepts(scheme, { body: changed, headers: {}, secrets: [KEY] })).toBe(true);
  });

  it("rotation: with the old and the new signing key configured, either verifies", async () => {
    const body = delivery(EVENTS["opened"]!, mailgunSigns(now(), token(4), "key-new"));
    expect(await accepts(scheme, { body, headers: {}, secrets: [KEY, "key-new"] })).toBe(true);
    expect(await accepts(scheme, { body, headers: {}, secrets: [KEY] })).toBe(false);
  });

  it("refuses timestamps more than 12 hours off, either way; a timestamp that is not Unix seconds", async () => {
    const t = Math.floor(Date.now() / 1000);
    for (const [offset, ok] of [[-43_190, true], [-43_210, false], [43_190, true], [43_210, false]] as const) {
      const result = await verify(scheme, { body: delivery(EVENTS["delivered"]!, mailgunSigns(String(t + offset), token(5))), headers: {}, secrets: [KEY] });
      expect(result.ok ? "ok" : result.reason, String(offset)).toBe(ok ? "ok" : "timestamp outside tolerance");
    }
    const iso = new Date().toISOString();
    expect(await verify(scheme, { body: delivery(EVENTS["delivered"]!, mailgunSigns(iso, token(6))), headers: {}, secrets: [KEY] })).toEqual({ ok: false, reason: "malformed timestamp" });
  });

  it("a body that is not JSON, or lacks the signature, is refused with a reason (legacy multipart webhooks included)", async () => {
    const sig = mailgunSigns(now(), token(7));
    const legacy = new URLSearchParams({ ...sig, event: "delivered", recipient: "alice@example.com" }).toString();
    expect(await verify(scheme, { body: legacy, headers: { "content-type": "application/x-www-form-urlencoded" }, secrets: [KEY] })).toEqual({ ok: false, reason: "the body is not JSON" });
    expect(await verify(scheme, { body: JSON.stringify({ "event-data": EVENTS["delivered"] }), headers: {}, secrets: [KEY] })).toEqual({ ok: false, reason: "missing signature.signature in the body" });
    const { token: _t, ...noToken } = sig;
    expect(await verify(scheme, { body: delivery(EVENTS["delivered"]!, noToken), headers: {}, secrets: [KEY] })).toEqual({ ok: false, reason: "missing or malformed body field signature.token" });
  });

  it("what signedDelivery signs passes Mailgun's documented check, with the token as the id", () => {
    const signed = signedDelivery(scheme, { body: JSON.stringify({ "event-data": EVENTS["clicked"] }), secret: KEY, id: token(8) });
    const parsed = JSON.parse(signed.body as string) as { signature: { timestamp: string; token: string; signature: string }; "event-data": unknown };
    expect(Object.keys(parsed)).toEqual(["signature", "event-data"]);
    expect(parsed.signature.token).toBe(token(8));
    expect(parsed.signature.timestamp).toMatch(/^\d{10}$/);
    expect(mailgunDocsVerify({ signingKey: KEY, ...parsed.signature })).toBe(true);
    expect(mailgunDocsVerify({ signingKey: "key-another", ...parsed.signature })).toBe(false);
    expect(parsed["event-data"]).toEqual(EVENTS["clicked"]);
  });
});

describe("mailgun: the variants test-webhook sends", () => {
  it("valid verifies; tampered, stale and rotated are refused (the signature object is written into each body)", async () => {
    const v = variantsOfBody(builtinDefinition("mailgun"), "delivered", JSON.stringify({ "event-data": EVENTS["delivered"] }), { secret: KEY });
    const run = (d: { body: string; headers: Readonly<Record<string, string>> }) => verify(scheme, { body: d.body, headers: d.headers, secrets: [KEY] });
    expect((await run(v.valid.deliveries[0]!)).ok).toBe(true);
    for (const name of ["tampered", "stale", "rotated"] as const) {
      expect(v[name].expect, name).toBe("invalid_signature");
      expect((await run(v[name].deliveries[0]!)).ok, name).toBe(false);
    }
    expect(v.duplicate.deliveries[0]).toEqual(v.duplicate.deliveries[1]);
  });
});

describe("mailgun: replayed tokens through the pipeline", () => {
  const { seen, handler: handle } = builtinPipeline("mailgun", { env: { MAILGUN_WEBHOOK_SIGNING_KEY: KEY }, record: (event) => `${event.type}:${event.id}` });
  const post = async (body: string) => {
    const req: WebhookRequest = { method: "POST", path: "/webhooks/mailgun/", headers: { "content-type": "application/json" }, remoteAddress: "127.0.0.1", readBody: () => new TextEncoder().encode(body) };
    const r = (await handle(req))!;
    const answer = JSON.parse(r.body) as { status?: string; error?: string };
    return [r.status, answer.status ?? answer.error];
  };

  it("a replay of a processed token is a duplicate, even with event-data changed; a fresh token is processed", async () => {
    const sig = mailgunSigns(now(), token(9));
    const body = delivery(EVENTS["failed.permanent"]!, sig);
    expect(await post(body)).toEqual([200, "processed"]);
    expect(await post(body)).toEqual([200, "duplicate"]);
    expect(await post(delivery({ ...EVENTS["failed.permanent"]!, recipient: "mallory@example.com" }, sig))).toEqual([200, "duplicate"]);
    expect(await post(delivery(EVENTS["failed.permanent"]!, mailgunSigns(now(), token(10))))).toEqual([200, "processed"]);
    expect(seen).toEqual([`failed.permanent:${token(9)}`, `failed.permanent:${token(10)}`]);
    // Stale: refused before any dedupe or handler.
    expect(await post(delivery(EVENTS["failed.permanent"]!, mailgunSigns(String(Math.floor(Date.now() / 1000) - 50_000), token(11))))).toEqual([401, "invalid signature"]);
  });
});

describe("mailgun: the catalog", () => {
  const folder = readSchemaFolder("mailgun");
  const compiled = compileFolder(folder);
  const extract = compileExtraction(spec.event);
  const catalogType = (payload: unknown): string | undefined => {
    const e = extract({}, payload, 0);
    return e.type !== undefined && folder.events.has(e.type) ? e.type : e.baseType !== undefined && folder.events.has(e.baseType) ? e.baseType : undefined;
  };

  it("is the webhook event types, failures split by severity, plus a failed fallback, in the CONTRACTS.md subset", () => {
    expect([...folder.events.keys()].sort()).toEqual(["accepted", "clicked", "complained", "delivered", "failed", "failed.permanent", "failed.temporary", "opened", "unsubscribed"]);
    expect(Object.keys(spec.schemas.events).sort()).toEqual([...folder.events.keys()].sort());
    expect(contractProblems(folder)).toEqual([]);
  });

  it("validates deliveries modelled on Mailgun's samples under the type the spec extracts, with the token as id", () => {
    for (const [name, data] of Object.entries(EVENTS)) {
      const payload = JSON.parse(delivery(data, mailgunSigns("1708356192", token(12)))) as unknown;
      expect(catalogType(payload), name).toBe(name);
      const v = compiled.validator(name);
      expect(v(payload), `${name}: ${JSON.stringify(errorSignatures(v))}`).toBe(true);
      expect(extract({}, payload, 0)).toMatchObject({ id: token(12), timestampMs: (data["timestamp"] as number) * 1000 });
    }
    // A failure with a severity Mailgun may add falls back to "failed".
    const odd = JSON.parse(delivery({ ...EVENTS["failed.permanent"]!, severity: "soft" }, mailgunSigns("1", "t"))) as unknown;
    expect(catalogType(odd)).toBe("failed");
    expect(compiled.validator("failed")(odd)).toBe(true);
  });

  it("refuses a delivery without its signature object or with an event of another type (so the schemas can fail)", () => {
    const v = compiled.validator("delivered");
    expect(v({ "event-data": EVENTS["delivered"] })).toBe(false);
    expect(errorSignatures(v)).toEqual(["required:signature@"]);
    expect(v({ signature: mailgunSigns("1", "t"), "event-data": EVENTS["opened"] })).toBe(false);
    expect(compiled.validator("failed.permanent")({ signature: mailgunSigns("1", "t"), "event-data": EVENTS["failed.temporary"] })).toBe(false);
  });
});
