import { createHmac } from "node:crypto";
import { isValidSlackRequest } from "@slack/bolt";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SlackVerifier } from "./slack.js";

const verifier = new SlackVerifier({ toleranceSeconds: 300 });
const enc = (s: string) => new TextEncoder().encode(s);

/** What our tests send: Slack's documented v0 scheme. */
function slackHeaders(secret: string, body: string, ts: number) {
  const sig = createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex");
  return { "x-slack-signature": `v0=${sig}`, "x-slack-request-timestamp": String(ts) };
}

function boltAccepts(secret: string, body: string, headers: ReturnType<typeof slackHeaders>, nowMs: number): boolean {
  return isValidSlackRequest({
    signingSecret: secret,
    body,
    headers: {
      "x-slack-signature": headers["x-slack-signature"],
      "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]),
    },
    nowMilliseconds: nowMs,
  });
}

describe("SlackVerifier", () => {
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const body = "token=xyz&team_id=T1&command=%2Fweather&text=94070";
  const ts = 1_531_420_618;

  it("accepts exactly what @slack/bolt's verifier accepts", () => {
    const headers = slackHeaders(secret, body, ts);
    expect(boltAccepts(secret, body, headers, ts * 1000)).toBe(true);
    expect(verifier.verify({ rawBody: enc(body), headers, secrets: [secret], now: ts * 1000 })).toEqual({ ok: true });
  });

  it("rejects stale and future timestamps (bolt only checks stale)", () => {
    const headers = slackHeaders(secret, body, ts);
    expect(verifier.verify({ rawBody: enc(body), headers, secrets: [secret], now: (ts + 301) * 1000 }).ok).toBe(false);
    expect(verifier.verify({ rawBody: enc(body), headers, secrets: [secret], now: (ts - 301) * 1000 }).ok).toBe(false);
  });

  it("rejects wrong secret, missing headers", () => {
    const headers = slackHeaders(secret, body, ts);
    expect(verifier.verify({ rawBody: enc(body), headers, secrets: ["other"], now: ts * 1000 }).ok).toBe(false);
    expect(verifier.verify({ rawBody: enc(body), headers: {}, secrets: [secret], now: ts * 1000 }).ok).toBe(false);
    expect(
      verifier.verify({ rawBody: enc(body), headers: { "x-slack-signature": headers["x-slack-signature"] }, secrets: [secret], now: ts * 1000 }).ok,
    ).toBe(false);
  });

  it("property: bolt and ours agree on random bodies/secrets; tampering fails; junk headers never throw", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (b, key, pos, delta) => {
          const headers = slackHeaders(key, b, ts);
          expect(boltAccepts(key, b, headers, ts * 1000)).toBe(true);
          const bytes = enc(b);
          expect(verifier.verify({ rawBody: bytes, headers, secrets: [key], now: ts * 1000 }).ok).toBe(true);
          const tampered = Uint8Array.from(bytes);
          const i = pos % tampered.length;
          tampered[i] = (tampered[i]! + delta) & 0xff;
          expect(verifier.verify({ rawBody: tampered, headers, secrets: [key], now: ts * 1000 }).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), (sig, t) => {
        const r = verifier.verify({
          rawBody: enc(body),
          headers: { "x-slack-signature": sig, "x-slack-request-timestamp": t },
          secrets: [secret],
          now: ts * 1000,
        });
        expect(r.ok).toBe(false);
      }),
    );
  });
});
