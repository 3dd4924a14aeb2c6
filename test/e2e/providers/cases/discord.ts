/**
 * Discord interactions as Discord sends them: X-Signature-Ed25519, the hex Ed25519 signature of
 * X-Signature-Timestamp + the raw body under the application's key. discord-interactions only
 * verifies, so the signatures are made with node:crypto the way Discord documents it, and its
 * verifyKey confirms each one before it is sent.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { verifyKey } from "discord-interactions";
import type { CaseDelivery, ProviderCases } from "../case.js";

const app = generateKeyPairSync("ed25519");
const other = generateKeyPairSync("ed25519");
const PUBLIC_KEY = app.publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");

function headers(body: string, privateKey = app.privateKey, ts = Math.floor(Date.now() / 1000)) {
  const t = String(ts);
  return { "x-signature-ed25519": sign(null, Buffer.from(t + body), privateKey).toString("hex"), "x-signature-timestamp": t };
}
/** Signed with the application's key, and confirmed by discord-interactions before it is sent. */
async function signed(body: string) {
  const h = headers(body);
  if (!(await verifyKey(body, h["x-signature-ed25519"], h["x-signature-timestamp"], PUBLIC_KEY))) throw new Error("verifyKey refuses the case's own signature");
  return h;
}

const base = { application_id: "775799577604522054", token: "UNIQUE_TOKEN", version: 1, guild_id: "290926798626357999", channel_id: "645027906669510667", locale: "en-US", app_permissions: "442368" };
const member = { user: { id: "53908232506183680", username: "Mason", avatar: null, discriminator: "0", global_name: "Mason" }, roles: [], permissions: "2147483647", joined_at: "2017-03-13T19:19:14.040000+00:00", deaf: false, mute: false };
const ping = JSON.stringify({ id: "1300000000000000001", application_id: base.application_id, type: 1, version: 1, token: "PING_TOKEN" });
const command = JSON.stringify({ ...base, id: "786008729715212338", type: 2, member, data: { id: "771825006014889984", name: "cardsearch", type: 1, options: [{ type: 3, name: "cardname", value: "The Gitrog Monster" }] } });
const button = JSON.stringify({ ...base, id: "786008729715212339", type: 3, member, message: { id: "1", channel_id: base.channel_id }, data: { component_type: 2, custom_id: "click_me" } });
const modal = JSON.stringify({ ...base, id: "786008729715212340", type: 5, member, data: { custom_id: "bug_modal", components: [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: "why", value: "because" } }] } });

const cases: ProviderCases = {
  provider: "discord",
  // The private key only for test-webhook-style samples (the spec's private_key_env); the runtime never reads it.
  env: { DISCORD_PUBLIC_KEY: PUBLIC_KEY, DISCORD_TEST_PRIVATE_KEY: app.privateKey.export({ format: "pem", type: "pkcs8" }).toString() },
  deliveries: async (): Promise<CaseDelivery[]> => [
    { label: "PING is answered PONG", body: ping, headers: await signed(ping), expect: { status: 200, bodyIncludes: '{"type":1}' } },
    { label: "slash command (falls back from application_command.cardsearch to application_command)", body: command, headers: await signed(command), expect: { status: 200, event: "application_command" } },
    { label: "button", body: button, headers: await signed(button), expect: { status: 200, event: "message_component" } },
    { label: "modal submit", body: modal, headers: await signed(modal), expect: { status: 200, event: "modal_submit" } },
    { label: "the same interaction again: duplicate (interaction id)", body: command, headers: await signed(command), expect: { status: 200, bodyIncludes: "duplicate" } },
    { label: "tampered body", body: button.replace("click_me", "click_you"), headers: await signed(button), expect: { status: 401 } },
    { label: "signed with another key", body: modal, headers: headers(modal, other.privateKey), expect: { status: 401 } },
    { label: "PING signed with another key is not answered", body: ping, headers: headers(ping, other.privateKey), expect: { status: 401 } },
    { label: "timestamp 10 minutes old", body: modal, headers: headers(modal, app.privateKey, Math.floor(Date.now() / 1000) - 600), expect: { status: 401 } },
  ],
};
export default cases;
