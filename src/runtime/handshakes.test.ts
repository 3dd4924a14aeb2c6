import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCrypto } from "./crypto/index.js";
import { answerHandshake, handshakesOf, SLACK_URL_VERIFICATION } from "./handshakes.js";
import type { HandshakeConfig } from "./types.js";

const zoom: HandshakeConfig = {
  kind: "url_validation",
  when: { body: "event", equals: "endpoint.url_validation" },
  token: "payload.plainToken",
  algorithm: "sha256",
  encoding: "hex",
  plainKey: "plainToken",
  signedKey: "encryptedToken",
};
const twitch: HandshakeConfig = { kind: "challenge", when: { header: "twitch-eventsub-message-type", equals: "webhook_callback_verification" }, challenge: "challenge", reply: "text" };
const discord: HandshakeConfig = { kind: "ping", when: { body: "type", equals: 1 }, reply: { type: 1 } };

describe("handshakes", () => {
  it("Zoom endpoint.url_validation: plainToken and hex HMAC-SHA256(secret, plainToken), on both backends", async () => {
    const payload = { event: "endpoint.url_validation", payload: { plainToken: "qgg8vlvZRS6UYooatFL8Aw" } };
    const expected = createHmac("sha256", "zoom-secret").update("qgg8vlvZRS6UYooatFL8Aw").digest("hex");
    for (const crypto of [createCrypto(), createCrypto({ node: undefined })]) {
      const reply = await answerHandshake([zoom], payload, {}, ["zoom-secret", "older"], crypto);
      expect(reply).toEqual({ status: 200, contentType: "application/json", body: JSON.stringify({ plainToken: "qgg8vlvZRS6UYooatFL8Aw", encryptedToken: expected }) });
    }
    expect(answerHandshake([zoom], { event: "meeting.started" }, {}, ["s"])).toBeUndefined();
    expect(answerHandshake([zoom], { event: "endpoint.url_validation", payload: {} }, {}, ["s"])).toBeUndefined();
  });

  it("Twitch challenge as text (matched on a header), Discord PING, Slack url_verification", () => {
    expect(answerHandshake([twitch], { challenge: "pogchamp-kappa-360noscope-vohiyo" }, { "twitch-eventsub-message-type": "webhook_callback_verification" }, []))
      .toEqual({ status: 200, contentType: "text/plain; charset=utf-8", body: "pogchamp-kappa-360noscope-vohiyo" });
    expect(answerHandshake([twitch], { challenge: "x" }, { "twitch-eventsub-message-type": "notification" }, [])).toBeUndefined();
    expect(answerHandshake([discord], { type: 1 }, {}, [])).toEqual({ status: 200, contentType: "application/json", body: '{"type":1}' });
    expect(answerHandshake([discord], { type: 2 }, {}, [])).toBeUndefined();
    expect(answerHandshake([discord], { type: "1" }, {}, [])).toBeUndefined(); // equals is exact
    expect(answerHandshake(handshakesOf("slack_url_verification"), { type: "url_verification", challenge: "c1" }, {}, [])).toMatchObject({ body: '{"challenge":"c1"}' });
    expect(handshakesOf(undefined)).toEqual([]);
    expect(handshakesOf("slack_url_verification")).toBe(SLACK_URL_VERIFICATION);
    // Paths walk own properties only.
    expect(answerHandshake([discord], JSON.parse('{"__proto__":{"type":1}}'), {}, [])).toBeUndefined();
  });
});
