/**
 * The built-in Twilio spec (providers/twilio/webhook.yaml), cross-checked both ways with the
 * `twilio` SDK (6.3): its signatures (getExpectedTwilioSignature over form parameters, and over a
 * URL carrying ?bodySHA256= for JSON bodies) verified by us; ours (signDelivery / signedDelivery
 * over the same spec) accepted by validateRequest, validateRequestWithBody and
 * validateExpressRequest. Query strings, the origin from Host / X-Forwarded-* headers, rotated
 * tokens, tampered parameters and bodies; where the SDK is more lenient (ports) or we are
 * stricter; the catalog and the type extraction over parameter sets from Twilio's docs.
 */
import { createHash } from "node:crypto";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { parseForm } from "../../../src/runtime/parse.js";
import { signDelivery, signedDelivery } from "../../../src/testing/sign.js";
import { compileFolder, contractProblems, errorSignatures, readSchemaFolder } from "../schema-folder.js";
import { accepts, verify, type Delivery } from "../schemes/harness.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const spec = builtinSpec("twilio");
const scheme = builtinScheme("twilio");
const TOKEN = "12345678901234567890123456789012";
const HOST = "hooks.example.com";
const PATH = "/webhooks/twilio/";
const URL_ = `https://${HOST}${PATH}`;

// Parameter sets as Twilio's docs list them (values changed).
const ACCOUNT = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
const PARAMS: Record<string, Record<string, string>> = {
  "message.incoming": { MessageSid: "SM0123456789abcdef0123456789abcdef", SmsSid: "SM0123456789abcdef0123456789abcdef", SmsMessageSid: "SM0123456789abcdef0123456789abcdef", AccountSid: ACCOUNT, MessagingServiceSid: "MG0123456789abcdef0123456789abcdef", From: "+14017122661", To: "+15558675310", Body: "Ahoy! We can't wait to see what you build.", NumMedia: "1", NumSegments: "1", SmsStatus: "received", ApiVersion: "2010-04-01", MediaContentType0: "image/jpeg", MediaUrl0: "https://api.twilio.com/2010-04-01/Accounts/AC…/Messages/MM…/Media/ME…", FromCity: "PROVIDENCE", FromState: "RI", FromCountry: "US", FromZip: "02903" },
  "message.status": { MessageSid: "SM1123456789abcdef0123456789abcdef", MessageStatus: "delivered", SmsSid: "SM1123456789abcdef0123456789abcdef", SmsStatus: "delivered", AccountSid: ACCOUNT, From: "+15558675310", To: "+14017122661", ApiVersion: "2010-04-01", RawDlrDoneDate: "2402201011" },
  "call.incoming": { CallSid: "CA0123456789abcdef0123456789abcdef", AccountSid: ACCOUNT, From: "+14158675309", To: "+15558675310", Caller: "+14158675309", Called: "+15558675310", CallStatus: "ringing", ApiVersion: "2010-04-01", Direction: "inbound", CallerCity: "SAN FRANCISCO", CallerState: "CA", CallerCountry: "US", StirVerstat: "TN-Validation-Passed-A" },
  "call.status": { CallSid: "CA0123456789abcdef0123456789abcdef", AccountSid: ACCOUNT, From: "+14158675309", To: "+15558675310", Caller: "+14158675309", Called: "+15558675310", CallStatus: "completed", ApiVersion: "2010-04-01", Direction: "inbound", CallbackSource: "call-progress-events", SequenceNumber: "3", Timestamp: "Tue, 20 Feb 2024 10:11:12 +0000", CallDuration: "42", Duration: "1" },
  "recording.status": { AccountSid: ACCOUNT, CallSid: "CA0123456789abcdef0123456789abcdef", RecordingSid: "RE0123456789abcdef0123456789abcdef", RecordingUrl: "https://api.twilio.com/2010-04-01/Accounts/AC…/Recordings/RE…", RecordingStatus: "completed", RecordingDuration: "41", RecordingChannels: "1", RecordingStartTime: "Tue, 20 Feb 2024 10:10:31 +0000", RecordingSource: "RecordVerb", RecordingTrack: "both", ErrorCode: "0" },
};
const params = PARAMS["message.status"]!;
const body = new URLSearchParams(params).toString();
const form = { "content-type": "application/x-www-form-urlencoded" };
/** A delivery as the node-based adapters hand it over: Host header, path, raw query. */
const delivery = (signature: string, over: Partial<Delivery> = {}): Delivery => ({
  body, headers: { ...form, host: HOST, "x-twilio-signature": signature }, secrets: [TOKEN], path: PATH, ...over,
});

describe("twilio: the built-in spec", () => {
  it("is X-Twilio-Signature: base64 HMAC-SHA1 of the URL and the sorted form parameters, bodySHA256 for JSON bodies", () => {
    expect(scheme).toEqual({
      scheme: "hmac", header: "x-twilio-signature", algorithm: "sha1", encoding: "base64", prefix: "", separator: "",
      signedContent: "{url}{params}", bodyHash: { query: "bodySHA256", encoding: "hex", required: false },
    });
    expect(spec.bodyFormat).toBe("form");
    expect(spec.webhooks["default"]).toMatchObject({ path: PATH, secretEnv: "TWILIO_AUTH_TOKEN", verifySignature: true, validation: "lenient" });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 15, retries: { attempts: 1 } });
    expect(spec.event.id).toBeUndefined(); // status callbacks repeat their Sid: the body's SHA-256 is the dedupe key
  });
});

describe("twilio: form parameters, both ways with the twilio SDK", () => {
  it("accepts getExpectedTwilioSignature's signature for the URL from the Host header; refuses other tokens, paths, parameters", async () => {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, URL_, params);
    expect(twilio.validateRequest(TOKEN, signature, URL_, params)).toBe(true);
    expect(await accepts(scheme, delivery(signature))).toBe(true);
    expect(await accepts(scheme, delivery(signature, { secrets: ["old-auth-token", TOKEN] }))).toBe(true); // rotation
    expect(await verify(scheme, delivery(signature, { secrets: ["another-auth-token"] }))).toEqual({ ok: false, reason: "no matching signature" });
    expect(await accepts(scheme, delivery(signature, { path: "/webhooks/twilio/other" }))).toBe(false);
    expect(await accepts(scheme, delivery(signature, { headers: { ...form, host: "evil.example.com", "x-twilio-signature": signature } }))).toBe(false);
    expect(await accepts(scheme, delivery(signature, { body: body.replace("delivered", "failed") }))).toBe(false);
    expect(await accepts(scheme, delivery(signature, { body: `${body}&Extra=1` }))).toBe(false);
    // The parameters are signed sorted: their order in the body does not matter.
    expect(await accepts(scheme, delivery(signature, { body: new URLSearchParams(Object.entries(params).reverse()).toString() }))).toBe(true);
  });

  it("behind a proxy: the origin from X-Forwarded-Host and X-Forwarded-Proto", async () => {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, `http://edge.example.com${PATH}`, params);
    const headers = { ...form, host: "10.0.0.7:8080", "x-forwarded-host": "edge.example.com", "x-forwarded-proto": "http", "x-twilio-signature": signature };
    expect(await accepts(scheme, delivery(signature, { headers }))).toBe(true);
    expect(await accepts(scheme, delivery(signature, { headers: { ...headers, "x-forwarded-proto": "https" } }))).toBe(false);
  });

  it("signs the query string: a URL configured with ?query, both ways", async () => {
    const url = `${URL_}?tenant=acme&kind=sms%20status`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params);
    expect(await accepts(scheme, delivery(signature, { query: "tenant=acme&kind=sms%20status" }))).toBe(true);
    expect(await accepts(scheme, delivery(signature, { query: "tenant=other&kind=sms%20status" }))).toBe(false);
    expect(await accepts(scheme, delivery(signature))).toBe(false);
    const ours = signDelivery(scheme, { body, secret: TOKEN, url });
    expect(twilio.validateRequest(TOKEN, ours["x-twilio-signature"]!, url, params)).toBe(true);
    expect(twilio.validateRequest(TOKEN, ours["x-twilio-signature"]!, URL_, params)).toBe(false);
  });

  it("the SDK accepts what we sign: validateRequest, and validateExpressRequest on an Express-shaped request", () => {
    for (const [type, p] of Object.entries(PARAMS)) {
      const b = new URLSearchParams(p).toString();
      const headers = signDelivery(scheme, { body: b, secret: TOKEN, url: URL_ });
      expect(twilio.validateRequest(TOKEN, headers["x-twilio-signature"]!, URL_, p), type).toBe(true);
      expect(twilio.validateRequest(TOKEN, headers["x-twilio-signature"]!, URL_, { ...p, AccountSid: "ACother" }), type).toBe(false);
      const req = { protocol: "https", originalUrl: PATH, body: p, headers: { host: HOST }, header: (name: string) => (name.toLowerCase() === "x-twilio-signature" ? headers["x-twilio-signature"] : undefined) };
      expect(twilio.validateExpressRequest(req as never, TOKEN), type).toBe(true);
      expect(twilio.validateExpressRequest(req as never, "another-auth-token"), type).toBe(false);
    }
  });

  it("repeated parameters and UTF-8: signed like the SDK signs arrays (each distinct value once, sorted)", async () => {
    const repeated = "To=%2B1555&Body=h%C3%A9llo+%26+bye&MediaUrl=b&MediaUrl=a&MediaUrl=b";
    const parsed = { To: "+1555", Body: "héllo & bye", MediaUrl: ["b", "a", "b"] };
    const signature = twilio.getExpectedTwilioSignature(TOKEN, URL_, parsed);
    expect(await accepts(scheme, delivery(signature, { body: repeated }))).toBe(true);
  });
});

describe("twilio: JSON bodies with ?bodySHA256= (validateRequestWithBody), both ways", () => {
  const json = JSON.stringify({ specversion: "1.0", type: "com.twilio.messaging.message.delivered", id: "EZ0123", data: { messageSid: "SM1" } });
  const sha = createHash("sha256").update(json).digest("hex");
  const jsonHeaders = (signature: string) => ({ "content-type": "application/json", host: HOST, "x-twilio-signature": signature });

  it("accepts the SDK's signature of the URL with the body hash; refuses a changed body", async () => {
    const url = `${URL_}?bodySHA256=${sha}`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, {});
    expect(twilio.validateRequestWithBody(TOKEN, signature, url, json)).toBe(true);
    const d = { body: json, headers: jsonHeaders(signature), secrets: [TOKEN], path: PATH, query: `bodySHA256=${sha}` };
    expect(await accepts(scheme, d)).toBe(true);
    expect(await verify(scheme, { ...d, body: json.replace("SM1", "SM2") })).toEqual({ ok: false, reason: "the body does not match the hash in the signed URL" });
    expect(await accepts(scheme, { ...d, secrets: ["another-auth-token"] })).toBe(false);
    expect(await accepts(scheme, { ...d, query: undefined })).toBe(false);
  });

  it("the SDK accepts what we sign with signedDelivery({ bodyHash: true })", () => {
    const signed = signedDelivery(scheme, { body: json, secret: TOKEN, url: URL_, bodyHash: true });
    expect(signed.url).toBe(`${URL_}?bodySHA256=${sha}`);
    expect(twilio.validateRequestWithBody(TOKEN, signed.headers["x-twilio-signature"]!, signed.url!, json)).toBe(true);
    expect(twilio.validateRequestWithBody(TOKEN, signed.headers["x-twilio-signature"]!, signed.url!, `${json} `)).toBe(false);
  });
});

describe("twilio: where the SDK is more lenient", () => {
  it("the SDK also tries the URL with and without the default port; we verify the URL as the request names it", async () => {
    const withPort = `https://${HOST}:443${PATH}`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, withPort, params);
    expect(twilio.validateRequest(TOKEN, signature, URL_, params)).toBe(true);
    expect(await accepts(scheme, delivery(signature))).toBe(false);
    // Pin what Twilio signs instead: a Host header with the port (or url_origin with it).
    expect(await accepts(scheme, delivery(signature, { headers: { ...form, host: `${HOST}:443`, "x-twilio-signature": signature } }))).toBe(true);
  });

  it("SharedKey webhooks signed with HMAC-SHA256 (X-Twilio-Webhooks-Signature-Settings) are not verified by this spec", async () => {
    const sha256 = twilio.getExpectedTwilioSignature(TOKEN, URL_, params, "HMAC_SHA256");
    expect(twilio.validateRequest(TOKEN, sha256, URL_, params, "HMAC_SHA256")).toBe(true);
    expect(await verify(scheme, delivery(sha256))).toEqual({ ok: false, reason: "malformed signature" }); // 32 bytes, not SHA-1's 20
  });
});

describe("twilio: the catalog and its type extraction", () => {
  const folder = readSchemaFolder("twilio");
  const compiled = compileFolder(folder);
  const extract = compileExtraction(spec.event);
  const typeOf = (p: Record<string, string>) => extract({}, parseForm(new URLSearchParams(p).toString()), 0).type;

  it("is five events in the CONTRACTS.md subset", () => {
    expect([...folder.events.keys()].sort()).toEqual(["call.incoming", "call.status", "message.incoming", "message.status", "recording.status"]);
    expect(Object.keys(spec.schemas.events).sort()).toEqual([...folder.events.keys()].sort());
    expect(contractProblems(folder)).toEqual([]);
  });

  it("names each parameter set from Twilio's docs, and it validates (form values are strings)", () => {
    for (const [type, p] of Object.entries(PARAMS)) {
      expect(typeOf(p), type).toBe(type);
      const v = compiled.validator(type);
      const payload = parseForm(new URLSearchParams(p).toString());
      expect(v(payload), `${type}: ${JSON.stringify(errorSignatures(v))}`).toBe(true);
    }
    // A media-only incoming message (empty Body) is still message.incoming; Conversations' EventType passes through.
    expect(typeOf({ ...PARAMS["message.incoming"]!, Body: "" })).toBe("message.incoming");
    expect(typeOf({ EventType: "onMessageAdded", ConversationSid: "CH1", Body: "hi" })).toBe("onMessageAdded");
    expect(typeOf({ Foo: "bar" })).toBeUndefined();
  });

  it("refuses a status callback without its status, or with a number where Twilio sends text (so the schemas can fail)", () => {
    const v = compiled.validator("message.status");
    const { MessageStatus: _s, ...noStatus } = params;
    expect(v(noStatus)).toBe(false);
    expect(errorSignatures(v)).toEqual(["required:MessageStatus@"]);
    expect(compiled.validator("call.status")({ ...PARAMS["call.status"], SequenceNumber: 3 })).toBe(false);
  });

  it("declares no event time: most posts carry none, and call status Timestamps are RFC 2822 (the time of receipt is used)", () => {
    expect(spec.event.timestamp).toBeUndefined();
    expect(extract({}, parseForm(new URLSearchParams(PARAMS["call.status"]!).toString()), 1234).timestampMs).toBe(1234);
  });
});
