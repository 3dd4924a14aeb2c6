/**
 * The built-in Intercom spec (providers/intercom/webhook.yaml). Intercom's Node SDK
 * (intercom-client) is not in devDependencies and has no webhook verifier, so Intercom's
 * documented construction — X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>, keyed by the
 * app's client secret (https://developers.intercom.com/docs/references/webhooks/webhook-models,
 * "Signed notifications") — is computed here with node:crypto and checked both ways on both
 * crypto backends, with the ping handshake and the notification envelope of the docs.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { answerHandshake, handshakesOf } from "../../../src/runtime/handshakes.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { accepts, expectRotation, verify } from "../schemes/harness.js";
import { compileFolder, contractProblems, readSchemaFolder } from "../schema-folder.js";
import { builtinScheme, builtinSpec } from "./builtin.js";
import { expectExamplesValidate } from "./catalog.js";
import { builtinPipeline } from "./pipeline.js";

const scheme = builtinScheme("intercom");
const spec = builtinSpec("intercom");
const folder = readSchemaFolder("intercom");
const lenient = compileFolder(folder);
const strict = compileFolder(folder, { strict: true });
const extract = compileExtraction(spec.event);

/** Intercom's construction. */
const intercomSignature = (secret: string, body: string): string => `sha1=${createHmac("sha1", secret).update(body, "utf8").digest("hex")}`;
/** The check Intercom's docs describe: recompute and compare the header. */
const intercomVerify = (secret: string, body: string, header: string | undefined): boolean => intercomSignature(secret, body) === header;

// The notification envelope of Intercom's webhook model reference (id, timestamps and app as
// published), its item a conversation as the 2.x conversation model documents it.
const conversationUserCreated = {
  type: "notification_event",
  app_id: "ja43hiec",
  data: {
    type: "notification_event_data",
    item: {
      type: "conversation",
      id: "1234",
      created_at: 1392731331,
      updated_at: 1392731331,
      waiting_since: 1392731331,
      snoozed_until: null,
      source: {
        type: "conversation",
        id: "403918316",
        delivered_as: "customer_initiated",
        subject: "",
        body: "<p>Hi, I have a question</p>",
        author: { type: "user", id: "5310d8e7598c9a0b24000002", name: "Jane", email: "jane@example.com" },
        attachments: [],
        url: null,
        redacted: false,
      },
      contacts: { type: "contact.list", contacts: [{ type: "contact", id: "5310d8e7598c9a0b24000002", external_id: "25" }] },
      teammates: { type: "admin.list", admins: [] },
      admin_assignee_id: null,
      team_assignee_id: null,
      open: true,
      state: "open",
      read: false,
      tags: { type: "tag.list", tags: [] },
      priority: "not_priority",
      sla_applied: null,
      statistics: null,
      conversation_rating: null,
      title: null,
      custom_attributes: {},
      conversation_parts: { type: "conversation_part.list", conversation_parts: [], total_count: 0 },
    },
  },
  links: {},
  id: "notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3",
  topic: "conversation.user.created",
  delivery_status: "pending",
  delivery_attempts: 1,
  delivered_at: 0,
  first_sent_at: 1392731331,
  created_at: 1392731331,
  self: null,
};

// The ping notification: its id and delivery_status are null.
const ping = {
  type: "notification_event",
  app_id: "ja43hiec",
  data: { type: "notification_event_data", item: { type: "ping", message: "something something interzen" } },
  links: {},
  id: null,
  topic: "ping",
  delivery_status: null,
  delivery_attempts: 1,
  delivered_at: 0,
  first_sent_at: 1553288147,
  created_at: 1553288147,
  self: null,
};

// contact.user.created, its item a contact as the 2.x contact model documents it.
const contactUserCreated = {
  ...conversationUserCreated,
  id: "notif_0a3b8cb0-8d3c-4b43-9ad2-7c0f8a1c2d3e",
  topic: "contact.user.created",
  data: {
    type: "notification_event_data",
    item: {
      type: "contact",
      id: "5310d8e7598c9a0b24000002",
      workspace_id: "ja43hiec",
      external_id: "25",
      role: "user",
      email: "jane@example.com",
      phone: null,
      name: "Jane",
      avatar: null,
      owner_id: null,
      social_profiles: { type: "list", data: [] },
      has_hard_bounced: false,
      marked_email_as_spam: false,
      unsubscribed_from_emails: false,
      created_at: 1392731331,
      updated_at: 1392731331,
      signed_up_at: 1392731331,
      last_seen_at: null,
      custom_attributes: {},
      tags: { type: "list", data: [], url: "/contacts/5310d8e7598c9a0b24000002/tags", total_count: 0, has_more: false },
      location: { type: "location", country: null, region: null, city: null, country_code: null, continent_code: null },
    },
  },
};

describe("intercom: the built-in spec", () => {
  it("is a sha1= hex HMAC-SHA1 over the raw body in X-Hub-Signature, typed by topic, deduped on the notification id", () => {
    expect(scheme).toMatchObject({ scheme: "hmac", header: "x-hub-signature", algorithm: "sha1", encoding: "hex", prefix: "sha1=", separator: "", signedContent: "{body}" });
    expect(spec.event).toEqual({ type: { body: ["topic"] }, id: { body: ["id"] }, timestamp: { body: ["created_at"], unit: "s" } });
    expect(spec.handshake).toEqual([{ kind: "ping", when: { body: "topic", equals: "ping" }, reply: { status: "ok" } }]);
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 5 });
    expect(spec.webhooks.default).toMatchObject({ path: "/webhooks/intercom/", verifySignature: true, secretEnv: "INTERCOM_CLIENT_SECRET", validation: "lenient", maxBodyBytes: 1_048_576 });
  });

  it("catalogs 33 topics (conversation, contact, company, ticket, ping), each naming itself", () => {
    const names = [...folder.events.keys()];
    expect(names).toHaveLength(33);
    expect([...new Set(names.map((n) => n.split(".")[0]))].sort()).toEqual(["company", "contact", "conversation", "conversation_part", "ping", "ticket"]);
    expect(Object.keys(spec.schemas.events).sort()).toEqual(names);
    expect(contractProblems(folder)).toEqual([]);
    for (const [name, schema] of folder.events) expect((schema.properties as Record<string, { const?: string }>).topic!.const).toBe(name);
  });
});

describe("intercom: signatures", () => {
  const secret = "intercom-client-secret-1";
  const body = JSON.stringify(conversationUserCreated);

  it("accepts Intercom's construction; refuses it tampered, under another secret, without sha1= or as SHA-256", async () => {
    const theirs = { "X-Hub-Signature": intercomSignature(secret, body) };
    expect(await accepts(scheme, { body, headers: theirs, secrets: [secret] })).toBe(true);
    expect(await accepts(scheme, { body: body.replace('"1234"', '"1235"'), headers: theirs, secrets: [secret] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { "X-Hub-Signature": intercomSignature("other", body) }, secrets: [secret] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { "X-Hub-Signature": intercomSignature(secret, body).slice("sha1=".length) }, secrets: [secret] })).toBe(false);
    const sha256 = `sha1=${createHmac("sha256", secret).update(body).digest("hex")}`;
    expect(await accepts(scheme, { body, headers: { "X-Hub-Signature": sha256 }, secrets: [secret] })).toBe(false);
    expect((await verify(scheme, { body, headers: {}, secrets: [secret] })).ok).toBe(false);
  });

  it("during rotation accepts a delivery signed with either configured secret, and none signed with neither", async () => {
    await expectRotation(scheme, ["intercom-old-secret", secret], "third", (s) => ({ body, headers: { "x-hub-signature": intercomSignature(s, body) } }));
  });

  it("signs as Intercom does: Intercom's documented check accepts signDelivery's header, and refuses it tampered", () => {
    const ours = signDelivery(scheme, { body, secret });
    expect(ours).toEqual({ "x-hub-signature": intercomSignature(secret, body) });
    expect(intercomVerify(secret, body, ours["x-hub-signature"])).toBe(true);
    expect(intercomVerify(secret, `${body}\n`, ours["x-hub-signature"])).toBe(false);
  });
});

describe("intercom: documented payloads", () => {
  it("validate against the catalog, as written and with unknown keys forbidden at the envelope", () => {
    expectExamplesValidate(lenient, strict, [
      ["conversation.user.created", conversationUserCreated],
      ["contact.user.created", contactUserCreated],
      ["ping", ping],
    ]);
    // Items vary with the app's API version (1.x sent user/assignee/conversation_message): kept.
    const v1 = { ...conversationUserCreated, data: { type: "notification_event_data", item: { type: "conversation", id: "21321941764", user: { type: "lead", id: "5c95" }, assignee: { type: "nobody_admin", id: null } } } };
    expect(strict.validator("conversation.user.created")(v1)).toBe(true);
  });

  it("refuse a body of another topic, or one without its item", () => {
    expect(lenient.validator("conversation.admin.replied")(conversationUserCreated)).toBe(false);
    expect(lenient.validator("conversation.user.created")({ ...conversationUserCreated, data: { type: "notification_event_data" } })).toBe(false);
    expect(lenient.validator("ticket.created")({ ...conversationUserCreated, topic: "ticket.created", data: { type: "notification_event_data", item: { type: "ticket" } } })).toBe(false);
  });

  it("are typed by topic, identified by the notification id and timed by created_at", () => {
    expect(extract({}, conversationUserCreated, 0)).toEqual({
      type: "conversation.user.created",
      baseType: "conversation.user.created",
      id: "notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3",
      timestampMs: 1_392_731_331_000,
    });
    expect(extract({}, ping, 0)).toMatchObject({ type: "ping", id: undefined });
  });

  it("answer the signed ping handshake with 200 { status: ok }, and nothing else", async () => {
    const reply = await answerHandshake(handshakesOf(spec.handshake), ping, {}, ["s"]);
    expect(reply).toEqual({ status: 200, body: '{"status":"ok"}', contentType: "application/json" });
    expect(await answerHandshake(handshakesOf(spec.handshake), conversationUserCreated, {}, ["s"])).toBeUndefined();
  });
});

describe("intercom: through the pipeline", () => {
  const secret = "intercom-pipeline-secret";
  const env = { INTERCOM_CLIENT_SECRET: secret };

  it("answers a signed ping 200 without any handler, and a forged one 401", async () => {
    const { post } = builtinPipeline("intercom", { env });
    const body = JSON.stringify(ping);
    expect(await post(body, { "x-hub-signature": intercomSignature(secret, body) })).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    expect((await post(body, { "x-hub-signature": intercomSignature("forger", body) }))?.status).toBe(401);
  });

  it("dispatches a topic once: Intercom's retry (delivery_attempts 2, so other bytes) is a duplicate by its notification id", async () => {
    const { post, seen } = builtinPipeline("intercom", { env, record: (event) => `${event.type} ${event.id}` });
    const first = JSON.stringify(conversationUserCreated);
    const retry = JSON.stringify({ ...conversationUserCreated, delivery_attempts: 2 });
    expect(await post(first, { "x-hub-signature": intercomSignature(secret, first) })).toMatchObject({ status: 200, body: '{"status":"processed"}' });
    expect(await post(retry, { "x-hub-signature": intercomSignature(secret, retry) })).toMatchObject({ status: 200, body: '{"status":"duplicate"}' });
    expect(seen).toEqual(["conversation.user.created notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3"]);
  });
});
