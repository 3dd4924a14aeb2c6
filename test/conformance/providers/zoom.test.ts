/**
 * The built-in Zoom spec (providers/zoom/webhook.yaml). No Zoom SDK is a dev dependency, so
 * Zoom's documented construction — `v0=` + hex HMAC-SHA256(secret token, "v0:" + timestamp + ":"
 * + raw body) (https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events) — and its
 * URL-validation reply — hex HMAC-SHA256(secret token, plainToken) — are computed independently
 * with node:crypto, both ways. Stale and future timestamps, rotated secret tokens, tampered bodies;
 * the catalog against examples from Zoom's webhook reference, with the spec's type extraction.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { answerHandshake, handshakesOf } from "../../../src/runtime/handshakes.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { accepts, expectRotation, verify } from "../schemes/harness.js";
import { compileFolder, contractProblems, errorSignatures, readSchemaFolder } from "../schema-folder.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const scheme = builtinScheme("zoom");
const spec = builtinSpec("zoom");
const SIG = "x-zm-signature";
const TS = "x-zm-request-timestamp";
const SECRET = "zoom-secret-token-0123456789";
const now = () => Math.floor(Date.now() / 1000);
/** Zoom's construction, computed independently. */
const zoomSigns = (secret: string, ts: string, body: string) => `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
const signed = (body: string, secret = SECRET, ts = String(now())) => ({ [TS]: ts, [SIG]: zoomSigns(secret, ts, body) });

// Examples from Zoom's webhook reference (Using webhooks; Meetings and Users events).
const URL_VALIDATION = { payload: { plainToken: "qgg8vlvZRS6UYooatFL8Aw" }, event_ts: 1654503849680, event: "endpoint.url_validation" };
const MEETING_STARTED = {
  event: "meeting.started",
  event_ts: 1626230691572,
  payload: {
    account_id: "AAAAAABBBB",
    object: { id: "1234567890", uuid: "4444AAAiAAAAAiAiAiiAii==", host_id: "x1yCzABCDEfg23HiJKl4mN", topic: "My Meeting", type: 8, start_time: "2021-07-13T21:44:51Z", timezone: "America/Los_Angeles", duration: 60 },
  },
};
const MEETING_CREATED = {
  event: "meeting.created",
  event_ts: 1626230691572,
  payload: {
    account_id: "AAAAAABBBB", operator: "admin@example.com", operator_id: "z8yCxjabcdEFGHfp8uQ",
    object: {
      uuid: "4444AAAiAAAAAiAiAiiAii==", id: 1234567890, host_id: "x1yCzABCDEfg23HiJKl4mN", topic: "My Meeting", type: 2, start_time: "2021-07-13T21:44:51Z", duration: 60, timezone: "America/Los_Angeles",
      join_url: "https://example.com/j/11111", password: "P@ssw0rd!", settings: { use_pmi: false, alternative_hosts: "" },
    },
  },
};
const PARTICIPANT_JOINED = {
  event: "meeting.participant_joined",
  event_ts: 1626230691572,
  payload: {
    account_id: "AAAAAABBBB",
    object: {
      id: "1234567890", uuid: "4444AAAiAAAAAiAiAiiAii==", host_id: "x1yCzABCDEfg23HiJKl4mN", topic: "My Meeting", type: 8, start_time: "2021-07-13T21:44:51Z", timezone: "America/Los_Angeles", duration: 60,
      participant: { user_id: "16778240", user_name: "Jill Chill", id: "iFxeBPYun6SAiWUzBcEkX", participant_uuid: "55555AAAiAAAAAiAiAiiAii", join_time: "2021-07-13T21:44:51Z", email: "jchill@example.com", registrant_id: "abcdefghij0-klmnopq23456", participant_user_id: "rstuvwxyza789-cde", customer_key: "349589LkJyeW", phone_number: "8615250064084" },
    },
  },
};
const RECORDING_COMPLETED = {
  event: "recording.completed",
  event_ts: 1626230691572,
  download_token: "abJhbGciOiJIUzUxMiJ9.eyJpc3MiOiJodHRwczovL2V2ZW50Lnpvb20udXMiLCJhY2NvdW50SWQiOiJNdDZzdjR1MFRBeVBrd2dzTDJseGlBIiwiYXVkIjoiaHR0cHM6Ly9vYXV0aC56b29tLnVzIiwibWlkIjoieFp3SEc0c3BRU2VuekdZWG16dnpiUT09IiwiZXhwIjoxNjI2MTM5NTA3LCJ1c2VySWQiOiJEWUhyZHBqclMzdWFPZjdkUGtrZzh3In0.a6KetiC6BlkDhf1dP4KBGUE1bb2brMeraoD45yhFx0eSSSTFdkHQnsKmlJQ-hdo9Zy-4vQw3rOxlyoHv583JyZ",
  payload: {
    account_id: "AAAAAABBBB",
    object: {
      id: 1234567890, uuid: "4444AAAiAAAAAiAiAiiAii==", host_id: "x1yCzABCDEfg23HiJKl4mN", account_id: "AAAAAABBBB", topic: "My Personal Recording", type: 4, start_time: "2021-07-13T21:44:51Z",
      password: "132456", timezone: "America/Los_Angeles", host_email: "jchill@example.com", duration: 60, share_url: "https://example.com", total_size: 3328371, recording_count: 2,
      recording_files: [
        { id: "ed6c2f27-2ae7-42f4-b3d0-835b493e4fa8", meeting_id: "098765ABCD", recording_start: "2021-03-23T22:14:57Z", recording_end: "2021-03-23T23:15:41Z", file_type: "MP4", file_size: 246560, file_extension: "MP4", file_name: "Recording+1", play_url: "https://example.com/recording/play/Qg75t7xZBtEbAkjdlgbfdngBBBB", download_url: "https://example.com/recording/download/Qg75t7xZBtEbAkjdlgbfdngBBBB", file_path: "/9090876528/path01/demo.mp4", status: "completed", recording_type: "shared_screen_with_speaker_view" },
      ],
    },
  },
};
const USER_CREATED = {
  event: "user.created",
  event_ts: 1626230691572,
  payload: { account_id: "AAAAAABBBB", operator: "admin@example.com", operator_id: "z8yCxjabcdEFGHfp8uQ", creation_type: "create", object: { id: "z8dsdsdsdsdCfp8uQ", first_name: "Jill", last_name: "Chill", display_name: "Jill Chill", email: "jchill@example.com", type: 1 } },
};

describe("zoom: the built-in spec", () => {
  it("is Zoom's v0 scheme: v0= hex HMAC-SHA256 of v0:<timestamp>:<body>, Unix seconds, 5 minutes both ways", () => {
    expect(scheme).toMatchObject({ scheme: "hmac", header: SIG, prefix: "v0=", algorithm: "sha256", encoding: "hex", signedContent: "v0:{timestamp}:{body}", timestamp: { header: TS, unit: "s", toleranceSeconds: 300 } });
    expect(spec.displayName).toBe("Zoom");
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/zoom/", secretEnv: "ZOOM_SECRET_TOKEN", verifySignature: true, validation: "lenient" });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 3, retries: { attempts: 3 } });
    expect(spec.event.id).toBeUndefined(); // the body's SHA-256 is the dedupe key
  });

  it("answers endpoint.url_validation with the plain token and its hex HMAC-SHA256 under the (first) secret token", () => {
    const handshakes = handshakesOf(spec.handshake);
    const reply = answerHandshake(handshakes, URL_VALIDATION, {}, [SECRET, "older-secret"]);
    const encryptedToken = createHmac("sha256", SECRET).update("qgg8vlvZRS6UYooatFL8Aw").digest("hex");
    expect(reply).toEqual({ status: 200, contentType: "application/json", body: JSON.stringify({ plainToken: "qgg8vlvZRS6UYooatFL8Aw", encryptedToken }) });
    expect(answerHandshake(handshakes, MEETING_STARTED, {}, [SECRET])).toBeUndefined();
  });
});

describe("zoom: signatures (Zoom's construction with node:crypto)", () => {
  const body = JSON.stringify(MEETING_STARTED);

  it("accepts a Zoom-format signature over the raw bytes; refuses a tampered body, timestamp or secret", async () => {
    const h = signed(body);
    expect(await accepts(scheme, { body, headers: h, secrets: [SECRET] })).toBe(true);
    expect(await accepts(scheme, { body: body.replace("My Meeting", "My Meetinh"), headers: h, secrets: [SECRET] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { ...h, [TS]: String(Number(h[TS]) + 1) }, secrets: [SECRET] })).toBe(false);
    expect(await accepts(scheme, { body, headers: signed(body, "not-the-secret"), secrets: [SECRET] })).toBe(false);
    // Whitespace is part of the signed bytes: the raw body is verified, never a re-serialised copy.
    const pretty = JSON.stringify(MEETING_STARTED, null, 2);
    expect(await accepts(scheme, { body: pretty, headers: signed(pretty), secrets: [SECRET] })).toBe(true);
    expect(await accepts(scheme, { body, headers: signed(pretty), secrets: [SECRET] })).toBe(false);
  });

  it("what signDelivery signs is Zoom's construction exactly", () => {
    const headers = signDelivery(scheme, { body, secret: SECRET, timestamp: 1_700_000_000 });
    expect(headers).toEqual({ [SIG]: zoomSigns(SECRET, "1700000000", body), [TS]: "1700000000" });
  });

  it("refuses timestamps more than 5 minutes off either way", async () => {
    const t = now();
    for (const [ts, ok] of [[t - 290, true], [t - 310, false], [t + 290, true], [t + 310, false]] as const) {
      const result = await verify(scheme, { body, headers: signed(body, SECRET, String(ts)), secrets: [SECRET] });
      expect(result.ok ? "ok" : result.reason).toBe(ok ? "ok" : "timestamp outside tolerance");
    }
  });

  it("rotation: with two secret tokens configured, a delivery signed with either passes, with neither fails", async () => {
    await expectRotation(scheme, ["new-secret-token", "old-secret-token"], "third-token", (s) => ({ body, headers: signed(body, s) }));
  });
});

describe("zoom: the catalog", () => {
  const folder = readSchemaFolder("zoom");
  const compiled = compileFolder(folder);
  const extract = compileExtraction(spec.event);

  it("is 29 events (meetings, participants, recordings, webinars, users, url validation) in the CONTRACTS.md subset", () => {
    const names = [...folder.events.keys()];
    expect(names.length).toBe(29);
    expect(new Set(names.map((n) => n.split(".")[0]))).toEqual(new Set(["endpoint", "meeting", "recording", "user", "webinar"]));
    expect(Object.keys(spec.schemas.events).sort()).toEqual(names.sort());
    expect(contractProblems(folder)).toEqual([]);
  });

  it("validates the examples of Zoom's reference, extracting their type and event_ts (ms)", () => {
    for (const payload of [URL_VALIDATION, MEETING_STARTED, MEETING_CREATED, PARTICIPANT_JOINED, RECORDING_COMPLETED, USER_CREATED]) {
      const e = extract({}, payload, 0);
      expect(e).toEqual({ type: payload.event, baseType: payload.event, id: undefined, timestampMs: payload.event_ts });
      const v = compiled.validator(payload.event);
      expect(v(payload), `${payload.event}: ${JSON.stringify(errorSignatures(v))}`).toBe(true);
    }
  });

  it("refuses payloads that break the documented shapes (so the schemas can fail)", () => {
    const v = compiled.validator("meeting.participant_joined");
    expect(v(MEETING_STARTED)).toBe(false); // wrong event, and no participant
    expect(errorSignatures(v)).toEqual(expect.arrayContaining(["const:@/event", "required:participant@/payload/object"]));
    expect(compiled.validator("meeting.started")({ ...MEETING_STARTED, event_ts: "1626230691572" })).toBe(false);
    expect(compiled.validator("endpoint.url_validation")({ ...URL_VALIDATION, payload: {} })).toBe(false);
  });
});
