/**
 * The built-in SendGrid spec (providers/sendgrid/webhook.yaml): its `ecdsa-p256` scheme
 * cross-checked with @sendgrid/eventwebhook 8.0.0 both ways (SendGrid's published example, our
 * signatures verified by the SDK, SendGrid-format DER signatures verified by us), stale and
 * future timestamps, rotated keys, tampered bodies; and its catalog (events/batch.json) against
 * SendGrid's documented example events, with the type extraction the spec declares.
 */
import { sign as nodeSign } from "node:crypto";
import { EventWebhook } from "@sendgrid/eventwebhook";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { accepts, verify } from "../schemes/harness.js";
import { p256Keys as keys, SENDGRID_EXAMPLE } from "../schemes/keys.js";
import { compileFolder, contractProblems, errorSignatures, readSchemaFolder, type SchemaFolder, type SchemaObject } from "../schema-folder.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const scheme = builtinScheme("sendgrid");
const spec = builtinSpec("sendgrid");
const ew = new EventWebhook();
const SIG = "x-twilio-email-event-webhook-signature";
const TS = "x-twilio-email-event-webhook-timestamp";

/** SendGrid's construction (its docs' steps 1-5): ECDSA P-256/SHA-256 over timestamp + raw body, DER, base64. */
const sendgridSigns = (k: ReturnType<typeof keys>, ts: string, body: string) => nodeSign("sha256", Buffer.from(ts + body), k.privateKey).toString("base64");
const sdkAccepts = (publicBase64: string, body: string, signature: string, ts: string) => ew.verifySignature(ew.convertPublicKeyToECDSA(publicBase64), body, signature, ts);
const now = () => Math.floor(Date.now() / 1000);

// SendGrid's published example (the vectors of @sendgrid/eventwebhook's own spec): a "dropped" event.
const { publicKey: PUBLIC_KEY, signature: SIGNATURE, timestamp: TIMESTAMP, payload: PAYLOAD } = SENDGRID_EXAMPLE;

// The documented events, one of each type (Event Webhook Reference, "Delivery events" / "Engagement events").
const common = { email: "example@test.com", timestamp: 1513299569, "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>", category: "cat facts", sg_message_id: "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0" };
const UA = "Mozilla/4.0 (compatible; MSIE 6.1; Windows XP; .NET CLR 1.1.4322; .NET CLR 2.0.50727)";
const DOCUMENTED_EVENTS: readonly Record<string, unknown>[] = [
  { ...common, event: "processed", sg_event_id: "rbtnWrG1DVDGGGFHFyun0A==", pool: { name: "new_MY_test", id: 210 } },
  { ...common, event: "dropped", sg_event_id: "zmzJhfJgAfUSOW80yEbPyw==", reason: "Bounced Address", status: "5.0.0" },
  { ...common, event: "delivered", sg_event_id: "rWVYmVk90MjZJ9iohOBa3w==", response: "250 OK" },
  { ...common, event: "deferred", sg_event_id: "t7LEShmowp86DTdUW8M-GQ==", response: "400 try again later", attempt: "5" },
  { ...common, event: "bounce", sg_event_id: "6g4ZI7SA-xmRDv57GoPIPw==", reason: "500 unknown recipient", status: "5.0.0", type: "bounce" },
  { ...common, event: "bounce", sg_event_id: "6g4ZI7SA-xmRDv57GoPIPw==", reason: "500 unknown recipient", status: "5.0.0", type: "blocked" },
  { ...common, event: "open", sg_event_id: "FOTFFO0ecsBE-zxFXfs6WA==", useragent: UA, ip: "255.255.255.255" },
  { ...common, event: "click", sg_event_id: "kCAi1KttyQdEKHhdC-nuEA==", useragent: UA, ip: "255.255.255.255", url: "http://www.sendgrid.com/" },
  { ...common, event: "spamreport", sg_event_id: "37nvH5QBz858KGVYCM4uOA==" },
  { ...common, event: "unsubscribe", sg_event_id: "zz_BjPgU_5pS-J8vlfB1sg==" },
  { ...common, event: "group_unsubscribe", sg_event_id: "ahSCB7xYcXFb-hEaawsPRw==", useragent: UA, ip: "255.255.255.255", url: "http://www.sendgrid.com/", asm_group_id: 10 },
  { ...common, event: "group_resubscribe", sg_event_id: "w_u0vJhLT-OFfprar5N93g==", useragent: UA, ip: "255.255.255.255", url: "http://www.sendgrid.com/", asm_group_id: 10 },
  // Array categories, url_offset, custom arguments as top-level keys, a Marketing Campaigns event.
  {
    sg_event_id: "sendgrid_internal_event_id", sg_message_id: "sendgrid_internal_message_id", ip: "255.255.255.255", useragent: UA, event: "click",
    email: "email@example.com", timestamp: 1249948800, url: "http://yourdomain.com/blog/news.html", url_offset: { index: 0, type: "html" },
    unique_arg_key: "unique_arg_value", category: ["category1", "category2"],
    newsletter: { newsletter_user_list_id: "10557865", newsletter_id: "1943530", newsletter_send_id: "2308608" }, asm_group_id: 1,
  },
  {
    category: [], email: "email@example.com", event: "processed", marketing_campaign_id: 12345, marketing_campaign_name: "campaign name",
    post_type: "event", sg_event_id: "sendgrid_internal_event_id", sg_message_id: "sendgrid_internal_message_id", sg_user_id: 12345, "smtp-id": "", timestamp: 1442349428,
  },
];

describe("sendgrid: the built-in spec", () => {
  it("is SendGrid's Signed Event Webhook: ECDSA P-256 over timestamp + body, base64 DER, a day's tolerance", () => {
    expect(scheme).toMatchObject({
      scheme: "ecdsa-p256",
      header: SIG,
      signedContent: "{timestamp}{body}",
      timestamp: { header: TS, unit: "s", toleranceSeconds: 86400 },
      signatureFormat: "der",
      publicKeyEncoding: "base64",
    });
    expect(spec.displayName).toBe("SendGrid");
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/sendgrid/", secretEnv: "SENDGRID_VERIFICATION_KEY", verifySignature: true, validation: "lenient", maxBodyBytes: 1_048_576 });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 10, retries: { windowHours: 24 } });
    expect(spec.event.id).toBeUndefined(); // the body's SHA-256 is the dedupe key
  });
});

describe("sendgrid: signatures, cross-checked with @sendgrid/eventwebhook 8.0.0", () => {
  it("SendGrid's published example verifies (at its own time) for the SDK and for us; one changed byte or timestamp digit does not", async () => {
    const at = Number(TIMESTAMP) * 1000 + 5_000;
    const headers = { [SIG]: SIGNATURE, [TS]: TIMESTAMP };
    expect(sdkAccepts(PUBLIC_KEY, PAYLOAD, SIGNATURE, TIMESTAMP)).toBe(true);
    expect(await accepts(scheme, { body: PAYLOAD, headers, secrets: [PUBLIC_KEY], now: at })).toBe(true);
    expect(sdkAccepts(PUBLIC_KEY, PAYLOAD.replace("dropped", "droppeD"), SIGNATURE, TIMESTAMP)).toBe(false);
    expect(await accepts(scheme, { body: PAYLOAD.replace("dropped", "droppeD"), headers, secrets: [PUBLIC_KEY], now: at })).toBe(false);
    expect(await accepts(scheme, { body: PAYLOAD, headers: { ...headers, [TS]: "1600112503" }, secrets: [PUBLIC_KEY], now: at })).toBe(false);
  });

  it("the published example is refused today: years old, outside the 24 h tolerance (the SDK checks no age and accepts it)", async () => {
    expect(await verify(scheme, { body: PAYLOAD, headers: { [SIG]: SIGNATURE, [TS]: TIMESTAMP }, secrets: [PUBLIC_KEY] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(sdkAccepts(PUBLIC_KEY, PAYLOAD, SIGNATURE, TIMESTAMP)).toBe(true);
  });

  it("we accept SendGrid-format signatures the SDK confirms; both refuse tampered bodies and other keys", async () => {
    const k = keys();
    const ts = String(now());
    const theirs = sendgridSigns(k, ts, PAYLOAD);
    expect(sdkAccepts(k.publicBase64, PAYLOAD, theirs, ts)).toBe(true);
    expect(await accepts(scheme, { body: PAYLOAD, headers: { [SIG]: theirs, [TS]: ts }, secrets: [k.publicBase64] })).toBe(true);
    const tampered = PAYLOAD.replace("Bounced", "bounced");
    expect(sdkAccepts(k.publicBase64, tampered, theirs, ts)).toBe(false);
    expect(await verify(scheme, { body: tampered, headers: { [SIG]: theirs, [TS]: ts }, secrets: [k.publicBase64] })).toEqual({ ok: false, reason: "no matching signature" });
    expect(await accepts(scheme, { body: PAYLOAD, headers: { [SIG]: theirs, [TS]: ts }, secrets: [keys().publicBase64] })).toBe(false);
  });

  it("the SDK accepts what signDelivery signs under the built-in spec, and refuses it tampered", async () => {
    const k = keys();
    const headers = signDelivery(scheme, { body: PAYLOAD, secret: k.publicBase64, privateKey: k.privatePem });
    expect(Object.keys(headers).sort()).toEqual([SIG, TS]);
    expect(sdkAccepts(k.publicBase64, PAYLOAD, headers[SIG]!, headers[TS]!)).toBe(true);
    expect(sdkAccepts(k.publicBase64, `${PAYLOAD} `, headers[SIG]!, headers[TS]!)).toBe(false);
    expect(await accepts(scheme, { body: PAYLOAD, headers, secrets: [k.publicBase64] })).toBe(true);
  });

  it("refuses timestamps more than a day off either way, which the SDK lets through", async () => {
    const k = keys();
    const t = now();
    for (const [ts, ok] of [[t - 86_390, true], [t - 86_410, false], [t + 86_390, true], [t + 86_410, false]] as const) {
      const signature = sendgridSigns(k, String(ts), PAYLOAD);
      expect(sdkAccepts(k.publicBase64, PAYLOAD, signature, String(ts))).toBe(true);
      expect(await accepts(scheme, { body: PAYLOAD, headers: { [SIG]: signature, [TS]: String(ts) }, secrets: [k.publicBase64] })).toBe(ok);
    }
  });

  it("rotation: with two verification keys configured, a delivery signed with either passes, with neither fails (the SDK holds one key)", async () => {
    const [oldKey, newKey, other] = [keys(), keys(), keys()];
    const ts = String(now());
    const secrets = [oldKey.publicBase64, newKey.publicBase64];
    for (const k of [oldKey, newKey]) {
      expect(await accepts(scheme, { body: PAYLOAD, headers: { [SIG]: sendgridSigns(k, ts, PAYLOAD), [TS]: ts }, secrets })).toBe(true);
    }
    expect(await accepts(scheme, { body: PAYLOAD, headers: { [SIG]: sendgridSigns(other, ts, PAYLOAD), [TS]: ts }, secrets })).toBe(false);
    expect(sdkAccepts(oldKey.publicBase64, PAYLOAD, sendgridSigns(newKey, ts, PAYLOAD), ts)).toBe(false);
  });
});

describe("sendgrid: the catalog", () => {
  const folder: SchemaFolder = readSchemaFolder("sendgrid");
  const compiled = compileFolder(folder);
  const extract = compileExtraction(spec.event);

  it("is one event, batch, whose items are the 11 documented event types, in the CONTRACTS.md subset", () => {
    expect([...folder.events.keys()]).toEqual(["batch"]);
    expect(Object.keys(spec.schemas.events)).toEqual(["batch"]);
    expect(contractProblems(folder)).toEqual([]);
    const consts = [...folder.defs.values()].map((d) => (d["properties"] as Record<string, SchemaObject> | undefined)?.["event"]?.["const"]).filter((c) => c !== undefined);
    expect(consts.sort()).toEqual(["bounce", "click", "deferred", "delivered", "dropped", "group_resubscribe", "group_unsubscribe", "open", "processed", "spamreport", "unsubscribe"]);
  });

  it("validates SendGrid's documented events and the published example, also with unknown keys forbidden", () => {
    const strict = compileFolder(folder, { strict: true });
    for (const body of [DOCUMENTED_EVENTS, JSON.parse(PAYLOAD) as unknown]) {
      const v = compiled.validator("batch");
      expect(v(body), JSON.stringify(errorSignatures(v))).toBe(true);
      const s = strict.validator("batch");
      expect(s(body), JSON.stringify(errorSignatures(s))).toBe(true); // items are open: custom args arrive as top-level keys
    }
  });

  it("refuses items that break the documented shapes (so the schemas can fail)", () => {
    const v = compiled.validator("batch");
    expect(v([{ email: "a@b.c", event: "delivered" }])).toBe(false); // no timestamp
    expect(v([{ email: "a@b.c", timestamp: "1513299569", event: "open" }])).toBe(false); // timestamp as text
    expect(v([{ email: "a@b.c", timestamp: 1, event: "no_such_event" }])).toBe(false);
    expect(v({ email: "a@b.c", timestamp: 1, event: "open" })).toBe(false); // not an array
  });

  it("extracts the type batch from any array of events, the signed timestamp, and no id (the body's SHA-256 dedupes)", () => {
    const headers = { [TS]: "1700000000" };
    expect(extract(headers, DOCUMENTED_EVENTS, 0)).toEqual({ type: "batch", baseType: "batch", id: undefined, timestampMs: 1_700_000_000_000 });
    expect(extract(headers, JSON.parse(PAYLOAD), 0).type).toBe("batch");
    expect(extract({}, [], 42)).toEqual({ type: undefined, baseType: undefined, id: undefined, timestampMs: 42 }); // empty: unknown, ignored
    expect(extract({}, { event: "open" }, 0).type).toBe("open"); // a bare object is not SendGrid's format: outside the catalog
  });
});
