/**
 * The built-in Calendly spec (providers/calendly/webhook.yaml). Calendly has no Node SDK with a
 * webhook verifier (none in devDependencies), so its documented construction —
 * Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>"> keyed by the
 * webhook signing key (https://developer.calendly.com/api-docs/overview/webhooks/webhook-signatures)
 * — is computed here with node:crypto, and Calendly's sample check (three-minute tolerance, past
 * only, `!==`) is re-implemented to check our signer against it. Both crypto backends run.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileExtraction, compileObjectExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { accepts, expectRotation, verify } from "../schemes/harness.js";
import { compileFolder, contractProblems, readSchemaFolder } from "../schema-folder.js";
import { builtinDefinition, builtinScheme, builtinSpec } from "./builtin.js";
import { expectExamplesValidate } from "./catalog.js";
import { builtinPipeline } from "./pipeline.js";

const scheme = builtinScheme("calendly");
const spec = builtinSpec("calendly");
const folder = readSchemaFolder("calendly");
const lenient = compileFolder(folder);
const strict = compileFolder(folder, { strict: true });
const extract = compileExtraction(spec.event);
const extractObject = compileObjectExtraction(spec.event)!;
const now = () => Math.floor(Date.now() / 1000);

/** Calendly's construction. */
function calendlyHeader(secret: string, body: string, t: number): string {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex")}`;
}
/** Calendly's sample verification: parse t and v1, compare with !==, reject t older than three minutes. */
function calendlySampleVerify(secret: string, body: string, header: string, nowMs = Date.now()): boolean {
  const { t, signature } = header.split(",").reduce(
    (acc, part) => {
      const [key, value] = part.split("=");
      if (key === "t") acc.t = value ?? "";
      if (key === "v1") acc.signature = value ?? "";
      return acc;
    },
    { t: "", signature: "" },
  );
  if (!t || !signature) return false;
  if (createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex") !== signature) return false;
  return !(Number(t) * 1000 < nowMs - 180_000);
}

// The invitee.created example of Calendly's "Get sample webhook data" reference
// (https://developer.calendly.com/api-docs/calendly-api/webhooks/get-sample-webhook-data), its
// placeholder values kept (the e-mail address, obfuscated on the page, made up); the nested
// objects as the invitee model documents them.
const sample = {
  event: "invitee.created",
  created_at: "2019-08-24T14:15:22Z",
  created_by: "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
  payload: {
    uri: "https://calendly.com/scheduled_events/AAAAAAAAAAAAAAAA/invitees/AAAAAAAAAAAAAAAA",
    email: "test@example.com",
    first_name: "John",
    last_name: "Doe",
    name: "John Doe",
    status: "active",
    questions_and_answers: [{ question: "string", answer: "string", position: 0 }],
    timezone: "string",
    event: "https://api.calendly.com/scheduled_events/AAAAAAAAAAAAAAAA",
    created_at: "2019-08-24T14:15:22Z",
    updated_at: "2019-08-24T14:15:22Z",
    tracking: { utm_campaign: "string", utm_source: "string", utm_medium: "string", utm_content: "string", utm_term: "string", salesforce_uuid: "string" },
    text_reminder_number: "+1 404-555-1234",
    rescheduled: false,
    old_invitee: "string",
    new_invitee: "string",
    cancel_url: "string",
    reschedule_url: "string",
    routing_form_submission: "https://api.calendly.com/routing_form_submissions/AAAAAAAAAAAAAAAA",
    cancellation: { canceled_by: "string", reason: "string", canceler_type: "host", created_at: "2019-01-02T03:04:05.678123Z" },
    payment: { external_id: "ch_AAAAAAAAAAAAAAAAAAAAAAAA", provider: "stripe", amount: 1234.56, currency: "USD", terms: "sample terms of payment (up to 1,024 characters)", successful: true },
    no_show: { uri: "https://api.calendly.com/invitee_no_shows/AAAAAAAAAAAAAAAA", created_at: "2019-01-02T03:04:05.678123Z" },
    reconfirmation: { created_at: "2020-11-23T17:51:18.341657Z", confirmed_at: "2020-11-23T17:51:18.341657Z" },
    scheduling_method: null,
    invitee_scheduled_by: null,
    scheduled_event: {
      uri: "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2",
      name: "15 Minute Meeting",
      meeting_notes_plain: "Internal meeting notes",
      meeting_notes_html: "<p>Internal meeting notes</p>",
      status: "active",
      start_time: "2019-08-24T14:15:22.123456Z",
      end_time: "2019-08-24T14:15:22.123456Z",
      event_type: "https://api.calendly.com/event_types/GBGBDCAADAEDCRZ2",
      location: { type: "physical", location: "string", additional_info: "string" },
      invitees_counter: { total: 0, active: 0, limit: 0 },
      created_at: "2019-01-02T03:04:05.678123Z",
      updated_at: "2019-01-02T03:04:05.678123Z",
      event_memberships: [{ user: "https://api.calendly.com/users/GBGBDCAADAEDCRZ2", user_email: "user@example.com", user_name: "John Smith" }],
      event_guests: [{ email: "user@example.com", created_at: "2019-08-24T14:15:22.123456Z", updated_at: "2019-08-24T14:15:22.123456Z" }],
    },
  },
};

// An invitee.created delivery of late 2020 as quoted in a Stack Overflow answer (question
// 71653677): no scheduled_event yet, tracking all null, an undocumented `canceled` key.
const quoted2020 = {
  created_at: "2020-11-23T17:51:19.000000Z",
  created_by: "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
  event: "invitee.created",
  payload: {
    cancel_url: "https://calendly.com/cancellations/AAAAAAAAAAAAAAAA",
    created_at: "2020-11-23T17:51:18.327602Z",
    email: "test@example.com",
    event: "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2",
    name: "John Doe",
    new_invitee: null,
    old_invitee: null,
    questions_and_answers: [],
    reschedule_url: "https://calendly.com/reschedulings/AAAAAAAAAAAAAAAA",
    rescheduled: false,
    status: "active",
    text_reminder_number: null,
    timezone: "America/New_York",
    tracking: { utm_campaign: null, utm_source: null, utm_medium: null, utm_content: null, utm_term: null, salesforce_uuid: null },
    updated_at: "2020-11-23T17:51:18.341657Z",
    uri: "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA",
    canceled: false,
  },
};

describe("calendly: the built-in spec", () => {
  it("is Calendly's t=…,v1=… hmac over \"<t>.<body>\" with a three-minute tolerance, ordered per invitee URI", () => {
    expect(scheme).toMatchObject({
      scheme: "hmac",
      header: "calendly-webhook-signature",
      algorithm: "sha256",
      encoding: "hex",
      fields: { separator: ",", signature: "v1" },
      signedContent: "{timestamp}.{body}",
      timestamp: { field: "t", unit: "s", toleranceSeconds: 180 },
    });
    expect(spec.event).toEqual({
      type: { body: ["event"] },
      timestamp: { body: ["created_at"], unit: "iso" },
      objectId: { body: ["payload.uri"] },
      objectTimestamp: { body: ["payload.updated_at", "payload.created_at"], unit: "iso" },
    });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 15, retries: { windowHours: 24 } });
    expect(spec.webhooks.default).toMatchObject({ path: "/webhooks/calendly/", verifySignature: true, secretEnv: "CALENDLY_WEBHOOK_SIGNING_KEY", validation: "lenient", maxBodyBytes: 1_048_576 });
  });

  it("catalogs the 14 webhook events Calendly's sample-data reference lists, each naming itself", () => {
    expect([...folder.events.keys()]).toEqual([
      "contact.created",
      "contact.deleted",
      "contact.updated",
      "event_type.created",
      "event_type.deleted",
      "event_type.updated",
      "invitee.canceled",
      "invitee.created",
      "invitee_no_show.created",
      "invitee_no_show.deleted",
      "meeting_recap.created",
      "meeting_recap.deleted",
      "meeting_recap.updated",
      "routing_form_submission.created",
    ]);
    expect(Object.keys(spec.schemas.events).sort()).toEqual([...folder.events.keys()]);
    expect(contractProblems(folder)).toEqual([]);
    for (const [name, schema] of folder.events) expect((schema.properties as Record<string, { const?: string }>).event!.const).toBe(name);
  });
});

describe("calendly: signatures", () => {
  const secret = "calendly-signing-key-1";
  const body = JSON.stringify(sample);

  it("accepts Calendly's construction; refuses it tampered, under another key, stale or future-dated beyond three minutes", async () => {
    const t = now();
    expect(await accepts(scheme, { body, headers: { "Calendly-Webhook-Signature": calendlyHeader(secret, body, t) }, secrets: [secret] })).toBe(true);
    expect(await accepts(scheme, { body, headers: { "Calendly-Webhook-Signature": calendlyHeader(secret, body, t - 170) }, secrets: [secret] })).toBe(true);
    expect(await accepts(scheme, { body: body.replace("John Doe", "Jane Doe"), headers: { "Calendly-Webhook-Signature": calendlyHeader(secret, body, t) }, secrets: [secret] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { "Calendly-Webhook-Signature": calendlyHeader("other", body, t) }, secrets: [secret] })).toBe(false);
    expect(await verify(scheme, { body, headers: { "Calendly-Webhook-Signature": calendlyHeader(secret, body, t - 181) }, secrets: [secret] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await verify(scheme, { body, headers: { "Calendly-Webhook-Signature": calendlyHeader(secret, body, t + 210) }, secrets: [secret] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    // The timestamp is signed: moving it invalidates the signature.
    const moved = calendlyHeader(secret, body, t - 600).replace(`t=${t - 600}`, `t=${t}`);
    expect(await accepts(scheme, { body, headers: { "Calendly-Webhook-Signature": moved }, secrets: [secret] })).toBe(false);
    expect((await verify(scheme, { body, headers: { "Calendly-Webhook-Signature": `v1=${"0".repeat(64)}` }, secrets: [secret] })).ok).toBe(false);
  });

  it("during rotation accepts a delivery signed with either configured key, and none signed with neither", async () => {
    const t = now();
    await expectRotation(scheme, ["calendly-old-key", secret], "third", (s) => ({ body, headers: { "calendly-webhook-signature": calendlyHeader(s, body, t) } }));
  });

  it("signs as Calendly does: Calendly's sample check accepts signDelivery's header, refuses it tampered or stale", () => {
    const t = now();
    const ours = signDelivery(scheme, { body, secret, timestamp: t });
    expect(ours).toEqual({ "calendly-webhook-signature": calendlyHeader(secret, body, t) });
    expect(calendlySampleVerify(secret, body, ours["calendly-webhook-signature"]!)).toBe(true);
    expect(calendlySampleVerify(secret, `${body} `, ours["calendly-webhook-signature"]!)).toBe(false);
    const stale = signDelivery(scheme, { body, secret, timestamp: t - 600 });
    expect(calendlySampleVerify(secret, body, stale["calendly-webhook-signature"]!)).toBe(false);
  });

  it("is stricter than Calendly's sample where it matters: a signature dated ten minutes ahead passes the sample, not us", async () => {
    const ahead = calendlyHeader(secret, body, now() + 600);
    expect(calendlySampleVerify(secret, body, ahead)).toBe(true);
    expect(await accepts(scheme, { body, headers: { "calendly-webhook-signature": ahead }, secrets: [secret] })).toBe(false);
  });
});

describe("calendly: documented payloads", () => {
  it("validate against the catalog (the sample also with unknown keys forbidden at the envelope)", () => {
    expectExamplesValidate(lenient, strict, [
      ["invitee.created", sample, "sample"],
      ["invitee.created", quoted2020, "quoted2020"],
    ]);
    const canceled = { ...sample, event: "invitee.canceled", payload: { ...sample.payload, status: "canceled", rescheduled: true } };
    expect(lenient.validator("invitee.canceled")(canceled)).toBe(true);
  });

  it("refuse a body naming another event, or an invitee without its uri", () => {
    expect(lenient.validator("invitee.canceled")(sample)).toBe(false);
    const { uri: _uri, ...withoutUri } = sample.payload;
    expect(lenient.validator("invitee.created")({ ...sample, payload: withoutUri })).toBe(false);
    expect(lenient.validator("routing_form_submission.created")({ ...sample, event: "routing_form_submission.created", payload: {} })).toBe(false);
  });

  it("are typed by event, timed by created_at, and ordered by the invitee's URI at its updated_at", () => {
    const e = extract({}, sample, 0);
    expect(e).toEqual({ type: "invitee.created", baseType: "invitee.created", id: undefined, timestampMs: Date.parse("2019-08-24T14:15:22Z") });
    expect(extract({}, quoted2020, 0).timestampMs).toBe(Date.parse("2020-11-23T17:51:19Z"));
    expect(extractObject({}, quoted2020)).toEqual({ id: quoted2020.payload.uri, timestampMs: Date.parse("2020-11-23T17:51:18.341657Z") });
    // A payload without updated_at (an invitee no-show, say) falls back to its created_at.
    expect(extractObject({}, { payload: { uri: "https://api.calendly.com/x/1", created_at: "2024-01-01T00:00:00Z" } })).toEqual({ id: "https://api.calendly.com/x/1", timestampMs: Date.parse("2024-01-01T00:00:00Z") });
  });
});

describe("calendly: through the pipeline", () => {
  const secret = "calendly-pipeline-key";
  const env = { CALENDLY_WEBHOOK_SIGNING_KEY: secret };

  it("dispatches invitee.created; Calendly's retry (fresh t, same body) is a duplicate; a stale signature is 401", async () => {
    const { post, seen } = builtinPipeline("calendly", { env, record: (event) => event.type });
    const body = JSON.stringify(sample);
    const t = now();
    expect(await post(body, { "calendly-webhook-signature": calendlyHeader(secret, body, t - 60) })).toMatchObject({ status: 200, body: '{"status":"processed"}' });
    expect(await post(body, { "calendly-webhook-signature": calendlyHeader(secret, body, t) })).toMatchObject({ status: 200, body: '{"status":"duplicate"}' });
    expect(seen).toEqual(["invitee.created"]);
    expect((await post(body, { "calendly-webhook-signature": calendlyHeader(secret, body, t - 3600) }))?.status).toBe(401);
  });

  it("with ordering: per_object, an invitee.created arriving after the invitee's invitee.canceled is stale", async () => {
    const def = builtinDefinition("calendly");
    const ordered = { ...def, webhooks: { default: { ...def.webhooks.default!, ordering: "per_object" as const } } };
    const { post, seen } = builtinPipeline("calendly", { env, record: (event) => event.type, definition: ordered });
    const canceled = JSON.stringify({ ...quoted2020, event: "invitee.canceled", payload: { ...quoted2020.payload, status: "canceled", updated_at: "2020-11-24T09:00:00.000000Z" } });
    const created = JSON.stringify(quoted2020);
    expect(await post(canceled, { "calendly-webhook-signature": calendlyHeader(secret, canceled, now()) })).toMatchObject({ status: 200, body: '{"status":"processed"}' });
    expect(await post(created, { "calendly-webhook-signature": calendlyHeader(secret, created, now()) })).toMatchObject({ status: 200, body: '{"status":"stale"}' });
    expect(seen).toEqual(["invitee.canceled"]);
  });
});
