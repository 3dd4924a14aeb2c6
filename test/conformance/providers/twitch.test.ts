/**
 * The built-in Twitch EventSub spec (providers/twitch/webhook.yaml). Twitch ships no Node SDK, so
 * its documented construction — `sha256=` + hex HMAC-SHA256 of message id + timestamp + raw body
 * (https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message) — is
 * computed independently with node:crypto, both ways: Twitch-format messages verified by us, ours
 * checked the way Twitch's sample checks them. RFC 3339 timestamps with nanoseconds, the 10-minute
 * window both ways, rotated secrets, tampered bodies and ids; the challenge handshake; the catalog
 * against the example messages of Twitch's reference, with the type extraction the spec declares.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { answerHandshake, handshakesOf } from "../../../src/runtime/handshakes.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { accepts, expectRotation, verify } from "../schemes/harness.js";
import { compileFolder, contractProblems, errorSignatures, readSchemaFolder } from "../schema-folder.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const scheme = builtinScheme("twitch");
const spec = builtinSpec("twitch");
const H = {
  id: "twitch-eventsub-message-id",
  ts: "twitch-eventsub-message-timestamp",
  sig: "twitch-eventsub-message-signature",
  type: "twitch-eventsub-message-type",
  sub: "twitch-eventsub-subscription-type",
} as const;
const SECRET = "s3cRe7-of-the-subscription";

/** Twitch's construction, computed independently: `sha256=` + hex HMAC-SHA256(secret, id + timestamp + body). */
const twitchSigns = (secret: string, id: string, ts: string, body: string) => `sha256=${createHmac("sha256", secret).update(id + ts + body).digest("hex")}`;
/** How Twitch's own Node sample (twitchdev/eventsub-webhooks-node-sample) checks a message: recompute and compare strings. */
const twitchSampleAccepts = (secret: string, h: Record<string, string>, body: string) => twitchSigns(secret, h[H.id]!, h[H.ts]!, body) === h[H.sig];
/** RFC 3339 with nanoseconds, as Twitch writes its timestamps. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1234567Z");
const message = (body: string, type: string, opts: { secret?: string; id?: string; at?: number } = {}) => {
  const id = opts.id ?? "e76c6bd4-55c9-4987-8304-da1588d8988b";
  const ts = rfc3339(opts.at ?? Date.now());
  return { [H.id]: id, [H.ts]: ts, [H.sig]: twitchSigns(opts.secret ?? SECRET, id, ts, body), [H.type]: type, [H.sub]: "channel.follow" };
};

// Messages from Twitch's reference (handling-webhook-events, eventsub-subscription-types).
const subscription = (type: string, version: string, status: string, condition: Record<string, string>) => ({
  id: "f1c2a387-161a-49f9-a165-0f21d7a4e1c4", type, version, status, cost: 0, condition,
  transport: { method: "webhook", callback: "https://example.com/webhooks/callback" }, created_at: "2019-11-16T10:11:12.634234626Z",
});
const FOLLOW = {
  subscription: subscription("channel.follow", "2", "enabled", { broadcaster_user_id: "1337", moderator_user_id: "1337" }),
  event: { user_id: "1234", user_login: "cool_user", user_name: "Cool_User", broadcaster_user_id: "1337", broadcaster_user_login: "cooler_user", broadcaster_user_name: "Cooler_User", followed_at: "2020-07-15T18:16:11.17106713Z" },
};
const STREAM_ONLINE = {
  subscription: subscription("stream.online", "1", "enabled", { broadcaster_user_id: "1337" }),
  event: { id: "9001", broadcaster_user_id: "1337", broadcaster_user_login: "cool_user", broadcaster_user_name: "Cool_User", type: "live", started_at: "2020-10-11T10:11:12.123Z" },
};
const CHEER_ANONYMOUS = {
  subscription: subscription("channel.cheer", "1", "enabled", { broadcaster_user_id: "1337" }),
  event: { is_anonymous: true, user_id: null, user_login: null, user_name: null, broadcaster_user_id: "1337", broadcaster_user_login: "cooler_user", broadcaster_user_name: "Cooler_User", message: "pogchamp", bits: 1000 },
};
const PREDICTION_END = {
  subscription: subscription("channel.prediction.end", "1", "enabled", { broadcaster_user_id: "1337" }),
  event: {
    id: "1243456", broadcaster_user_id: "1337", broadcaster_user_login: "cool_user", broadcaster_user_name: "Cool_User", title: "Aren’t shoes just really hard socks?",
    winning_outcome_id: "12345",
    outcomes: [
      { id: "12345", title: "Yeah!", color: "blue", users: 2, channel_points: 15000, top_predictors: [{ user_name: "Cool_User", user_login: "cool_user", user_id: "1234", channel_points_won: 10000, channel_points_used: 500 }] },
      { id: "22435", title: "No!", color: "pink", users: 2, channel_points: 200, top_predictors: [{ user_name: "Cooler_User", user_login: "cooler_user", user_id: "12345", channel_points_won: null, channel_points_used: 100 }] },
    ],
    status: "resolved", started_at: "2020-07-15T17:16:03.17106713Z", ended_at: "2020-07-15T17:16:11.17106713Z",
  },
};
const REVOCATION = { subscription: { ...subscription("channel.follow", "1", "authorization_revoked", { broadcaster_user_id: "12826" }), cost: 1 } };
const CHALLENGE = { challenge: "pogchamp-kappa-360noscope-vohiyo", subscription: { ...subscription("channel.follow", "1", "webhook_callback_verification_pending", { broadcaster_user_id: "12826" }), cost: 1 } };

describe("twitch: the built-in spec", () => {
  it("is Twitch's EventSub scheme: sha256= hex HMAC of id + timestamp + body, RFC 3339 timestamps, 10 minutes both ways", () => {
    expect(scheme).toMatchObject({
      scheme: "hmac", header: H.sig, prefix: "sha256=", algorithm: "sha256", encoding: "hex", signedContent: "{id}{timestamp}{body}", idHeader: H.id,
      timestamp: { header: H.ts, unit: "iso", toleranceSeconds: 600 },
    });
    expect(spec.displayName).toBe("Twitch");
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/twitch/", secretEnv: "TWITCH_EVENTSUB_SECRET", verifySignature: true, validation: "lenient" });
    expect(spec.event.id).toEqual({ header: H.id });
  });

  it("echoes a verification challenge as text/plain, and leaves notifications alone", () => {
    const handshakes = handshakesOf(spec.handshake);
    expect(answerHandshake(handshakes, CHALLENGE, { [H.type]: "webhook_callback_verification" }, [SECRET])).toEqual({
      status: 200, contentType: "text/plain; charset=utf-8", body: "pogchamp-kappa-360noscope-vohiyo",
    });
    expect(answerHandshake(handshakes, CHALLENGE, { [H.type]: "notification" }, [SECRET])).toBeUndefined();
    expect(answerHandshake(handshakes, FOLLOW, { [H.type]: "notification" }, [SECRET])).toBeUndefined();
  });
});

describe("twitch: signatures (Twitch's construction with node:crypto)", () => {
  const body = JSON.stringify(FOLLOW);

  it("accepts a Twitch-format message with a nanosecond RFC 3339 timestamp; refuses a tampered body, id or timestamp", async () => {
    const h = message(body, "notification");
    expect(twitchSampleAccepts(SECRET, h, body)).toBe(true);
    expect(await accepts(scheme, { body, headers: h, secrets: [SECRET] })).toBe(true);
    expect(await accepts(scheme, { body: body.replace("cool_user", "cool_usex"), headers: h, secrets: [SECRET] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { ...h, [H.id]: "another-id" }, secrets: [SECRET] })).toBe(false); // the id is signed
    expect(await accepts(scheme, { body, headers: { ...h, [H.ts]: h[H.ts]!.replace(/\.\d+Z$/, ".000000001Z") }, secrets: [SECRET] })).toBe(false);
    expect(await verify(scheme, { body, headers: { ...h, [H.sig]: h[H.sig]!.slice("sha256=".length) }, secrets: [SECRET] })).toMatchObject({ ok: false });
  });

  it("what signDelivery signs is what Twitch's sample check accepts: RFC 3339 timestamp, signed id", () => {
    const headers = signDelivery(scheme, { body, secret: SECRET, id: "f1c2a387-161a-49f9-a165-0f21d7a4e1c4" });
    expect(headers[H.ts]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(headers[H.id]).toBe("f1c2a387-161a-49f9-a165-0f21d7a4e1c4");
    expect(twitchSampleAccepts(SECRET, headers, body)).toBe(true);
    expect(twitchSampleAccepts(SECRET, headers, `${body} `)).toBe(false);
    expect(twitchSampleAccepts("another-secret", headers, body)).toBe(false);
  });

  it("refuses messages more than 10 minutes old or ahead (Twitch: reject older than 10 minutes)", async () => {
    const t = Date.now();
    for (const [offsetS, ok] of [[-590, true], [-610, false], [590, true], [610, false]] as const) {
      const h = message(body, "notification", { at: t + offsetS * 1000 });
      const result = await verify(scheme, { body, headers: h, secrets: [SECRET] });
      expect(result.ok ? "ok" : result.reason).toBe(ok ? "ok" : "timestamp outside tolerance");
    }
    // A timestamp that is not RFC 3339 (Unix seconds) is refused, not misread.
    const ts = String(Math.floor(t / 1000));
    const h = { ...message(body, "notification"), [H.ts]: ts, [H.sig]: twitchSigns(SECRET, "e76c6bd4-55c9-4987-8304-da1588d8988b", ts, body) };
    expect(await accepts(scheme, { body, headers: h, secrets: [SECRET] })).toBe(false);
  });

  it("rotation: with two secrets configured, a message signed with either passes, with neither fails", async () => {
    await expectRotation(scheme, ["old-subscription-secret", "new-subscription-secret"], "a-third-secret", (secret) => ({ body, headers: message(body, "notification", { secret }) }));
  });
});

describe("twitch: the catalog", () => {
  const folder = readSchemaFolder("twitch");
  const compiled = compileFolder(folder);
  const extract = compileExtraction(spec.event);
  /** The catalog name the pipeline dispatches under: the full type, else its base (identify step). */
  const catalogType = (type: string, payload: unknown): string | undefined => {
    const e = extract({ [H.type]: type }, payload, 0);
    return e.type !== undefined && folder.events.has(e.type) ? e.type : e.baseType !== undefined && folder.events.has(e.baseType) ? e.baseType : undefined;
  };

  it("is 28 notification types, revocation and a generic notification, in the CONTRACTS.md subset", () => {
    const names = [...folder.events.keys()];
    expect(names.length).toBe(30);
    expect(names.filter((n) => n.startsWith("notification.")).length).toBe(28);
    expect(names).toContain("revocation");
    expect(names).toContain("notification");
    expect(names.some((n) => n.startsWith("webhook_callback_verification"))).toBe(false); // answered before any handler
    expect(Object.keys(spec.schemas.events).sort()).toEqual(names.sort());
    expect(contractProblems(folder)).toEqual([]);
  });

  it("validates the example messages of Twitch's reference under their extracted type", () => {
    for (const [type, payload, event] of [
      ["notification", FOLLOW, "notification.channel.follow"],
      ["notification", STREAM_ONLINE, "notification.stream.online"],
      ["notification", CHEER_ANONYMOUS, "notification.channel.cheer"],
      ["notification", PREDICTION_END, "notification.channel.prediction.end"],
      ["revocation", REVOCATION, "revocation"],
      ["notification", { ...FOLLOW, subscription: { ...FOLLOW.subscription, type: "channel.some_future_type" } }, "notification"],
    ] as const) {
      expect(catalogType(type, payload)).toBe(event);
      const v = compiled.validator(event);
      expect(v(payload), `${event}: ${JSON.stringify(errorSignatures(v))}`).toBe(true);
    }
  });

  it("refuses a notification without its event, or with a wrong field type (so the schemas can fail)", () => {
    const v = compiled.validator("notification.channel.follow");
    expect(v({ subscription: FOLLOW.subscription })).toBe(false);
    expect(errorSignatures(v)).toEqual(["required:event@"]);
    expect(v({ ...FOLLOW, event: { ...FOLLOW.event, user_id: 1234 } })).toBe(false);
    expect(compiled.validator("notification.channel.cheer")({ ...CHEER_ANONYMOUS, event: { ...CHEER_ANONYMOUS.event, bits: "1000" } })).toBe(false);
  });

  it("extracts the message type plus the signed subscription type, the message id and its RFC 3339 time", () => {
    const e = extract({ [H.type]: "notification", [H.id]: "e76c6bd4", [H.ts]: "2019-11-16T10:11:12.634234626Z" }, FOLLOW, 0);
    expect(e).toEqual({ type: "notification.channel.follow", baseType: "notification", id: "e76c6bd4", timestampMs: Date.UTC(2019, 10, 16, 10, 11, 12, 634) });
    expect(extract({ [H.type]: "revocation" }, REVOCATION, 0)).toMatchObject({ type: "revocation.channel.follow", baseType: "revocation" });
    expect(extract({}, FOLLOW, 7).type).toBeUndefined(); // no message type: not an EventSub message
  });
});
