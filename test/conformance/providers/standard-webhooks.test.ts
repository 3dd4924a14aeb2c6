/**
 * The built-in `standard-webhooks` provider (providers/standard-webhooks/webhook.yaml): its
 * signatures cross-checked with the official `standardwebhooks` 1.1.1 and `svix` 1.99.1 libraries
 * both ways (`v1` HMAC), `v1a` Ed25519 both ways against node:crypto (neither library implements
 * it), the specification's published example, stale and future timestamps, rotated secrets and
 * tampered bodies; its catalog (Svix's operational webhooks) against Svix's published examples.
 */
import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { compileFolder, contractProblems, readSchemaFolder } from "../schema-folder.js";
import { accepts, verify } from "../schemes/harness.js";
import { libAccepts as theyAccept, libHeaders, PUBLISHED_EXAMPLE, type Lib } from "../schemes/standard-webhooks-libs.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const NAME = "standard-webhooks";
const scheme = builtinScheme(NAME);
const spec = builtinSpec(NAME);
const SECRET = PUBLISHED_EXAMPLE.secret;
const NEW_SECRET = "whsec_" + Buffer.from("the rotated-in secret, 32 bytes!").toString("base64");
const STRANGER = "whsec_" + Buffer.from("nobody configured this one......").toString("base64");
const body = JSON.stringify({ type: "user.created", timestamp: "2026-01-01T00:00:00Z", data: { id: "user_1", name: "Zoë" } });
const now = () => Math.floor(Date.now() / 1000);

/** The headers each official library's signer produces (Svix brands them svix-*), by default for `body`. */
const theirHeaders = (name: Lib, secret: string, id: string, seconds: number, payload = body) => libHeaders(name, secret, id, seconds, payload);

describe("standard-webhooks built-in: the spec", () => {
  it("is the one-word scheme with the specification's 300 s window, and the documented webhook", () => {
    expect(scheme).toEqual({ scheme: "standard-webhooks", toleranceSeconds: 300 });
    expect(spec.displayName).toBe("StandardWebhooks");
    expect(spec.event).toEqual({ type: { body: ["type"] }, id: { header: "webhook-id" }, timestamp: { header: "webhook-timestamp", unit: "s" } });
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/standard-webhooks/", verifySignature: true, secretEnv: "STANDARD_WEBHOOKS_SECRET", validation: "lenient", maxBodyBytes: 1_048_576 });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 15, retries: { attempts: 7 } });
  });
});

describe("standard-webhooks built-in: v1 (HMAC-SHA256) against the official libraries", () => {
  it("verifies the specification's published example, and nothing near it", async () => {
    const d = PUBLISHED_EXAMPLE.delivery;
    expect(await accepts(scheme, d)).toBe(true);
    expect(theyAccept("standardwebhooks", SECRET, d.body, d.headers)).toBe(false); // their clock is now: stale for them
    expect(await accepts(scheme, { ...d, body: '{"test": 2432232315}' })).toBe(false);
    expect(await accepts(scheme, { ...d, headers: { ...d.headers, "webhook-id": "msg_other" } })).toBe(false);
    expect(await verify(scheme, { ...d, now: (1614265330 + 301) * 1000 })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await verify(scheme, { ...d, now: (1614265330 - 301) * 1000 })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
  });

  for (const name of ["standardwebhooks", "svix"] as const) {
    it(`accepts what ${name} signs; refuses it tampered, under another secret, stale or from the future`, async () => {
      const t = now();
      const headers = theirHeaders(name, SECRET, "msg_1", t);
      expect(await accepts(scheme, { body, headers, secrets: [SECRET] })).toBe(true);
      expect(await accepts(scheme, { body: body.replace("Zoë", "Zoe"), headers, secrets: [SECRET] })).toBe(false);
      expect(await accepts(scheme, { body: `${body} `, headers, secrets: [SECRET] })).toBe(false);
      expect(await accepts(scheme, { body, headers, secrets: [STRANGER] })).toBe(false);
      for (const skew of [-301, 330]) { // the future side with headroom: verify reads the clock later
        const h = theirHeaders(name, SECRET, "msg_1", t + skew);
        expect(await verify(scheme, { body, headers: h, secrets: [SECRET] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
        expect(theyAccept(name, SECRET, body, h)).toBe(false);
      }
      for (const skew of [-295, 295]) expect(await accepts(scheme, { body, headers: theirHeaders(name, SECRET, "msg_1", t + skew), secrets: [SECRET] })).toBe(true);
    });

    it(`${name} accepts what we sign, and refuses it tampered, stale or under another secret`, () => {
      const t = now();
      const headers = signDelivery(scheme, { body, secret: SECRET, id: "msg_2", timestamp: t });
      expect(Object.keys(headers).sort()).toEqual(["webhook-id", "webhook-signature", "webhook-timestamp"]);
      expect(theyAccept(name, SECRET, body, headers)).toBe(true);
      expect(theyAccept(name, SECRET, body.replace("user_1", "user_2"), headers)).toBe(false);
      expect(theyAccept(name, STRANGER, body, headers)).toBe(false);
      expect(theyAccept(name, SECRET, body, signDelivery(scheme, { body, secret: SECRET, id: "msg_2", timestamp: t - 3600 }))).toBe(false);
    });
  }

  it("rotation: with two configured secrets a delivery signed with either passes, with neither fails", async () => {
    const t = now();
    const secrets = [SECRET, NEW_SECRET];
    expect(await accepts(scheme, { body, headers: theirHeaders("svix", SECRET, "msg_3", t), secrets })).toBe(true);
    expect(await accepts(scheme, { body, headers: theirHeaders("standardwebhooks", NEW_SECRET, "msg_3", t), secrets })).toBe(true);
    expect(await accepts(scheme, { body, headers: theirHeaders("standardwebhooks", STRANGER, "msg_3", t), secrets })).toBe(false);
    // The sender's side of a rotation: old and new signature in one header; either secret verifies.
    const both = theirHeaders("standardwebhooks", NEW_SECRET, "msg_4", t);
    both["webhook-signature"] = `${theirHeaders("standardwebhooks", SECRET, "msg_4", t)["webhook-signature"]!} ${both["webhook-signature"]!}`;
    expect(await accepts(scheme, { body, headers: both, secrets: [SECRET] })).toBe(true);
    expect(await accepts(scheme, { body, headers: both, secrets: [NEW_SECRET] })).toBe(true);
    expect(await accepts(scheme, { body, headers: both, secrets: [STRANGER] })).toBe(false);
  });

  it("the signed webhook-id cannot be swapped, so it is a sound dedupe key", async () => {
    const headers = theirHeaders("svix", SECRET, "msg_5", now());
    expect(await accepts(scheme, { body, headers, secrets: [SECRET] })).toBe(true);
    expect(await accepts(scheme, { body, headers: { ...headers, "svix-id": "msg_6" }, secrets: [SECRET] })).toBe(false);
  });
});

describe("standard-webhooks built-in: v1a (Ed25519), against node:crypto", () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const whpk = `whpk_${publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("base64")}`;
  const whsk = `whsk_${privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32).toString("base64")}`;
  const other = generateKeyPairSync("ed25519").publicKey;
  const otherWhpk = `whpk_${other.export({ format: "der", type: "spki" }).subarray(-32).toString("base64")}`;

  it("accepts a v1a signature made by hand with node:crypto over <id>.<timestamp>.<body>; refuses it tampered or under another key", async () => {
    const t = now();
    const sig = nodeSign(null, Buffer.from(`msg_7.${t}.${body}`), privateKey).toString("base64");
    const headers = { "webhook-id": "msg_7", "webhook-timestamp": String(t), "webhook-signature": `v1a,${sig}` };
    expect(await accepts(scheme, { body, headers, secrets: [whpk] })).toBe(true);
    expect(await accepts(scheme, { body, headers, secrets: [SECRET, whpk] })).toBe(true); // mixed key list
    expect(await accepts(scheme, { body, headers, secrets: [SECRET] })).toBe(false); // an HMAC key cannot check v1a
    expect(await accepts(scheme, { body, headers, secrets: [otherWhpk] })).toBe(false);
    expect(await accepts(scheme, { body: body.replace("Zoë", "Zoe"), headers, secrets: [whpk] })).toBe(false);
    const stale = nodeSign(null, Buffer.from(`msg_7.${t - 600}.${body}`), privateKey).toString("base64");
    expect(await verify(scheme, { body, headers: { ...headers, "webhook-timestamp": String(t - 600), "webhook-signature": `v1a,${stale}` }, secrets: [whpk] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
  });

  it("what we sign as v1a checks out with node:crypto; the official libraries still accept the v1 half", () => {
    const t = now();
    const headers = signDelivery(scheme, { body, secret: SECRET, privateKey: whsk, id: "msg_8", timestamp: t });
    const [v1, v1a] = headers["webhook-signature"]!.split(" ");
    expect(v1).toMatch(/^v1,/);
    expect(v1a).toMatch(/^v1a,/);
    expect(nodeVerify(null, Buffer.from(`msg_8.${t}.${body}`), publicKey, Buffer.from(v1a!.slice(4), "base64"))).toBe(true);
    expect(nodeVerify(null, Buffer.from(`msg_8.${t}.${body} `), publicKey, Buffer.from(v1a!.slice(4), "base64"))).toBe(false);
    expect(theyAccept("standardwebhooks", SECRET, body, headers)).toBe(true);
  });
});

describe("standard-webhooks built-in: the catalog (Svix operational webhooks)", () => {
  const folder = readSchemaFolder(NAME);
  const compiled = compileFolder(folder);
  const extract = compileExtraction(spec.event);

  // Svix's published examples: the `example` of each operational webhook in Svix's OpenAPI
  // document (svix/svix-webhooks codegen/lib-openapi.json, API 1.947.0).
  const app = { appId: "app_1srOrx2ZWZBpBUvZwXKQmoEYga2", appUid: "unique-app-identifier" };
  const endpoint = { endpointId: "ep_1srOrx2ZWZBpBUvZwXKQmoEYga2", endpointUid: "unique-endpoint-identifier" };
  const msg = { msgId: "msg_1srOrx2ZWZBpBUvZwXKQmoEYga2", msgEventId: "unique-msg-identifier", endpointId: endpoint.endpointId };
  const attempt = (code: number) => ({ lastAttempt: { id: "atmpt_1srOrx2ZWZBpBUvZwXKQmoEYga2", responseStatusCode: code, timestamp: "2022-11-06T15:04:05Z" } });
  const source = { sourceId: "src_30HT9jb8WZXKVWIO44ZDr" };
  const examples: Record<string, unknown> = {
    "endpoint.created": { data: { ...app, ...endpoint }, type: "endpoint.created" },
    "endpoint.deleted": { data: { ...app, ...endpoint }, type: "endpoint.deleted" },
    "endpoint.disabled": { data: { ...app, ...endpoint, failSince: "2022-11-06T15:04:05Z", trigger: "automatic" }, type: "endpoint.disabled" },
    "endpoint.enabled": { data: { ...app, ...endpoint }, type: "endpoint.enabled" },
    "endpoint.updated": { data: { ...app, ...endpoint }, type: "endpoint.updated" },
    "message.attempt.exhausted": { data: { ...app, ...msg, ...attempt(500) }, type: "message.attempt.exhausted" },
    "message.attempt.failing": { data: { ...app, ...msg, ...attempt(500) }, type: "message.attempt.failing" },
    "message.attempt.recovered": { data: { ...app, ...msg, ...attempt(200) }, type: "message.attempt.recovered" },
    "background_task.finished": {
      data: { taskId: "qtask_1srOrx2ZWZBpBUvZwXKQmoEYga2", task: "application.stats", status: "finished", data: { appStats: [{ messageDestinations: 343, appId: app.appId, appUid: null }] } },
      type: "background_task.finished",
    },
    "ingest.endpoint.disabled": { data: { ...source, ...endpoint, failSince: "2022-11-06T15:04:05Z", trigger: "automatic" }, type: "ingest.endpoint.disabled" },
    "ingest.message.attempt.exhausted": { data: { ...source, ...msg, ...attempt(500) }, type: "ingest.message.attempt.exhausted" },
    "ingest.message.attempt.failing": { data: { ...source, ...msg, ...attempt(500) }, type: "ingest.message.attempt.failing" },
    "ingest.message.attempt.recovered": { data: { ...source, ...msg, ...attempt(200) }, type: "ingest.message.attempt.recovered" },
    "message.attempt.log": {
      data: [{
        orgId: "env_1srOrx2ZWZBpBUvZwXKQmoEYga2", ...app, endpointId: endpoint.endpointId, msgId: msg.msgId, msgEventId: msg.msgEventId, msgCreated: "2022-11-06T15:04:05Z",
        attemptStart: "2022-11-06T15:04:06Z", attemptEnd: "2022-11-06T15:04:07Z", attemptId: "atmpt_1srOrx2ZWZBpBUvZwXKQmoEYga2", responseStatusCode: 200, attemptCount: 1, status: 0, eventType: "user.signup",
      }],
      type: "message.attempt.log",
    },
  };

  it("is the 14 operational webhooks Svix documents, in the contract's JSON Schema subset", () => {
    expect([...folder.events.keys()].sort()).toEqual(Object.keys(examples).sort());
    expect(Object.keys(spec.schemas.events).sort()).toEqual(Object.keys(examples).sort());
    expect(contractProblems(folder)).toEqual([]);
  });

  it.each(Object.keys(examples))("Svix's published %s example validates, and its type is extracted from the body", (event) => {
    const payload = examples[event];
    const validate = compiled.validator(event);
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
    const headers = { "webhook-id": "msg_x", "webhook-timestamp": "1700000000" };
    expect(extract(headers, payload, 0)).toMatchObject({ type: event, id: "msg_x", timestampMs: 1_700_000_000_000 });
  });

  it("the schemas reject what no Svix delivery looks like (a wrong type, a missing id)", () => {
    const validate = compiled.validator("endpoint.disabled");
    expect(validate({ data: { ...app, ...endpoint, trigger: "automatic" }, type: "endpoint.enabled" })).toBe(false);
    expect(validate({ data: { appId: app.appId }, type: "endpoint.disabled" })).toBe(false);
    expect(compiled.validator("message.attempt.log")({ data: { orgId: "env_1" }, type: "message.attempt.log" })).toBe(false);
  });

  it("without a webhook-id header (a svix-* sender) the id falls back to none: the body's digest stands in", () => {
    expect(extract({ "svix-id": "msg_y" }, examples["endpoint.created"], 42)).toMatchObject({ type: "endpoint.created", id: undefined, timestampMs: 42 });
  });
});
