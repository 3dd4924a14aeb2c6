/**
 * Twitch EventSub webhook messages as Twitch sends them: Twitch-Eventsub-Message-Signature,
 * `sha256=` + hex HMAC-SHA256 of message id + RFC 3339 timestamp (nanoseconds) + raw body, keyed
 * by the subscription's secret, with the message and subscription type headers. Twitch ships no
 * Node SDK, so the construction is computed with node:crypto as Twitch documents it.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { ProviderCases } from "../case.js";

const SECRET = "e2e-twitch-eventsub-secret";
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1123456Z");
function headers(type: string, subscriptionType: string, body: string, opts: { secret?: string; id?: string; at?: number } = {}) {
  const id = opts.id ?? randomUUID();
  const ts = rfc3339(opts.at ?? Date.now());
  return {
    "twitch-eventsub-message-id": id,
    "twitch-eventsub-message-retry": "0",
    "twitch-eventsub-message-type": type,
    "twitch-eventsub-message-signature": `sha256=${createHmac("sha256", opts.secret ?? SECRET).update(id + ts + body).digest("hex")}`,
    "twitch-eventsub-message-timestamp": ts,
    "twitch-eventsub-subscription-type": subscriptionType,
    "twitch-eventsub-subscription-version": "1",
  };
}

const subscription = (type: string, status = "enabled") => ({
  id: "f1c2a387-161a-49f9-a165-0f21d7a4e1c4", status, type, version: type === "channel.follow" ? "2" : "1", cost: 0,
  condition: { broadcaster_user_id: "1337" }, transport: { method: "webhook", callback: "https://example.com/webhooks/callback" }, created_at: "2019-11-16T10:11:12.634234626Z",
});
const broadcaster = { broadcaster_user_id: "1337", broadcaster_user_login: "cooler_user", broadcaster_user_name: "Cooler_User" };
const challenge = JSON.stringify({ challenge: "pogchamp-kappa-360noscope-vohiyo", subscription: subscription("channel.follow", "webhook_callback_verification_pending") });
const follow = JSON.stringify({ subscription: subscription("channel.follow"), event: { user_id: "1234", user_login: "cool_user", user_name: "Cool_User", ...broadcaster, followed_at: "2020-07-15T18:16:11.17106713Z" } });
const online = JSON.stringify({ subscription: subscription("stream.online"), event: { id: "9001", ...broadcaster, type: "live", started_at: "2020-10-11T10:11:12.123Z" } });
const revocation = JSON.stringify({ subscription: subscription("channel.follow", "authorization_revoked") });
const future = JSON.stringify({ subscription: subscription("channel.some_future_type"), event: { ...broadcaster } });
const resent = randomUUID();

const cases: ProviderCases = {
  provider: "twitch",
  env: { TWITCH_EVENTSUB_SECRET: SECRET },
  deliveries: () => [
    { label: "verification challenge is echoed as text", body: challenge, headers: headers("webhook_callback_verification", "channel.follow", challenge), expect: { status: 200, bodyIncludes: "pogchamp-kappa-360noscope-vohiyo" } },
    { label: "channel.follow notification", body: follow, headers: headers("notification", "channel.follow", follow, { id: resent }), expect: { status: 200, event: "notification.channel.follow" } },
    { label: "stream.online notification", body: online, headers: headers("notification", "stream.online", online), expect: { status: 200, event: "notification.stream.online" } },
    { label: "revocation", body: revocation, headers: headers("revocation", "channel.follow", revocation), expect: { status: 200, event: "revocation" } },
    { label: "a type outside the catalog: the generic notification", body: future, headers: headers("notification", "channel.some_future_type", future), expect: { status: 200, event: "notification" } },
    { label: "resent with the same message id: duplicate", body: follow, headers: headers("notification", "channel.follow", follow, { id: resent }), expect: { status: 200, bodyIncludes: "duplicate" } },
    { label: "tampered body", body: online.replace("live", "rerun"), headers: headers("notification", "stream.online", online), expect: { status: 401 } },
    { label: "wrong secret", body: follow, headers: headers("notification", "channel.follow", follow, { secret: "not-the-secret" }), expect: { status: 401 } },
    { label: "challenge with a wrong secret is not echoed", body: challenge, headers: headers("webhook_callback_verification", "channel.follow", challenge, { secret: "not-the-secret" }), expect: { status: 401 } },
    { label: "message 11 minutes old", body: online, headers: headers("notification", "stream.online", online, { at: Date.now() - 660_000 }), expect: { status: 401 } },
  ],
};
export default cases;
