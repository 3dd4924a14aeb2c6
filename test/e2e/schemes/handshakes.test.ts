/**
 * Handshakes configured in YAML alone, answered by the pipeline over real HTTP: Zoom's
 * `endpoint.url_validation` (a signed reply), Twitch EventSub's verification challenge (echoed as
 * plain text), Discord's PING (answered `{"type":1}`). Deliveries are signed by hand with
 * node:crypto following each provider's documented construction, not by our signer; an unsigned
 * or tampered handshake is refused like any other delivery, and no handler ever sees one.
 */
import { createHmac, sign } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeWebhookListener } from "../../../src/adapters/node.js";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import type { WebhookRoute } from "../../../src/runtime/routes.js";
import { ed25519Keys } from "../../conformance/schemes/keys.js";
import { fixtureDefinitions } from "./definitions.js";

const ZOOM_SECRET = "zoom-secret-token";
const TWITCH_SECRET = "twitch-secret-0123456789";
const discord = ed25519Keys();
const handled: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  const registry = new WebhookRegistry();
  const routes: WebhookRoute[] = [];
  for (const def of fixtureDefinitions()) {
    if (!["zoom", "twitch", "discord"].includes(def.name)) continue;
    registry.register(def);
    registry.processorFor(def.name, "default").on("*", (event) => void handled.push(`${def.name}:${event.type}`));
    routes.push({ provider: def.name, webhook: "default", path: def.webhooks["default"]!.path });
  }
  const env = { ZOOM_SECRET_TOKEN: ZOOM_SECRET, TWITCH_SECRET, DISCORD_PUBLIC_KEY: discord.publicHex };
  server = createServer(nodeWebhookListener(routes, { registry, env }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}${path}`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

describe("Zoom endpoint.url_validation", () => {
  const zoom = (body: string, secret = ZOOM_SECRET) => {
    const ts = String(Math.floor(Date.now() / 1000));
    const mac = createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex");
    return { "x-zm-request-timestamp": ts, "x-zm-signature": `v0=${mac}` };
  };
  const body = JSON.stringify({ event: "endpoint.url_validation", event_ts: Date.now(), payload: { plainToken: "qgg8vlvZRS6UYooatFL8Aw" } });

  it("answers the plain token with its HMAC-SHA256 (hex) under the secret token", async () => {
    const res = await post("/webhooks/zoom/", body, zoom(body));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({
      plainToken: "qgg8vlvZRS6UYooatFL8Aw",
      encryptedToken: createHmac("sha256", ZOOM_SECRET).update("qgg8vlvZRS6UYooatFL8Aw").digest("hex"),
    });
  });

  it("refuses a validation request signed with another secret, without answering the token", async () => {
    const res = await post("/webhooks/zoom/", body, zoom(body, "not-the-secret"));
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("encryptedToken");
  });
});

describe("Twitch EventSub verification", () => {
  const twitch = (body: string, type: string, id: string) => {
    const ts = new Date().toISOString();
    const mac = createHmac("sha256", TWITCH_SECRET).update(id + ts + body).digest("hex");
    return {
      "twitch-eventsub-message-id": id,
      "twitch-eventsub-message-timestamp": ts,
      "twitch-eventsub-message-signature": `sha256=${mac}`,
      "twitch-eventsub-message-type": type,
      "twitch-eventsub-subscription-type": "channel.follow",
    };
  };

  it("echoes the challenge as plain text", async () => {
    const body = JSON.stringify({ challenge: "pogchamp-kappa-360noscope-vohiyo", subscription: { type: "channel.follow" } });
    const res = await post("/webhooks/twitch/", body, twitch(body, "webhook_callback_verification", "e76c6bd4-55c9-4987-8304-da1588d8988b"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe("pogchamp-kappa-360noscope-vohiyo");
  });

  it("dispatches a notification (not a handshake) to the handler", async () => {
    const body = JSON.stringify({ subscription: { type: "channel.follow" }, event: { user_id: "1337" } });
    const res = await post("/webhooks/twitch/", body, twitch(body, "notification", "f1c2a387-161a-49f9-a165-0f21d7a4e1c4"));
    expect(res.status).toBe(200);
    expect(handled).toContain("twitch:channel.follow");
  });
});

describe("Discord interactions PING", () => {
  const signed = (body: string) => {
    const ts = String(Math.floor(Date.now() / 1000));
    return { "x-signature-timestamp": ts, "x-signature-ed25519": sign(null, Buffer.from(ts + body), discord.privateKey).toString("hex") };
  };
  const ping = JSON.stringify({ id: "1234567890", application_id: "42", type: 1, version: 1 });

  it("answers a signed PING with {type: 1}, and no handler runs", async () => {
    const before = handled.length;
    const res = await post("/webhooks/discord/", ping, signed(ping));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
    expect(handled.length).toBe(before);
  });

  it("refuses a PING whose body was changed after signing (Discord probes exactly this)", async () => {
    const res = await post("/webhooks/discord/", ping.replace('"42"', '"43"'), signed(ping));
    expect(res.status).toBe(401);
  });
});
