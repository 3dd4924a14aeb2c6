import { createHmac } from "node:crypto";
import { isValidSlackRequest } from "@slack/bolt";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCrypto } from "../crypto/index.js";
import { SlackVerifier } from "./slack.js";
import type { VerifyResult } from "./verifier.js";

const enc = (s: string) => new TextEncoder().encode(s);
const isThenable = (value: unknown) => typeof (value as { then?: unknown } | null)?.then === "function";
const mac = (secret: string, body: string, ts: number) => new Uint8Array(createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest());
/** `result` with its digest as a plain Uint8Array (Node's are Buffers), so both backends compare equal. */
const plain = (result: VerifyResult): VerifyResult => (result.ok && result.digest !== undefined ? { ok: true, digest: new Uint8Array(result.digest) } : result);

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

describe.each([
  ["node", createCrypto()],
  ["webcrypto", createCrypto({ node: undefined })],
] as const)("SlackVerifier on %s", (backend, crypto) => {
  const verifier = new SlackVerifier({ toleranceSeconds: 300, crypto });
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const body = "token=xyz&team_id=T1&command=%2Fweather&text=94070";
  const ts = 1_531_420_618;
  /** The verdict; on Node it must not be a thenable (the pipeline would pay a suspension). */
  const check = async (rawBody: Uint8Array, headers: Record<string, string>, secrets: readonly string[], now: number) => {
    const result = verifier.verify({ rawBody, headers, secrets, now });
    if (backend === "node") expect(isThenable(result)).toBe(false);
    return plain(await result);
  };

  it("accepts exactly what @slack/bolt's verifier accepts, with the MAC as digest (sync on Node, a Promise on Web Crypto)", async () => {
    const headers = slackHeaders(secret, body, ts);
    expect(boltAccepts(secret, body, headers, ts * 1000)).toBe(true);
    const result = verifier.verify({ rawBody: enc(body), headers, secrets: [secret], now: ts * 1000 });
    if (backend === "node") expect(isThenable(result)).toBe(false);
    else expect(result).toBeInstanceOf(Promise);
    expect(plain(await result)).toEqual({ ok: true, digest: mac(secret, body, ts) });
  });

  it("accepts when any rotated secret matches", async () => {
    const headers = slackHeaders(secret, body, ts);
    expect(await check(enc(body), headers, ["old", secret], ts * 1000)).toEqual({ ok: true, digest: mac(secret, body, ts) });
    expect((await check(enc(body), headers, ["old", "older"], ts * 1000)).ok).toBe(false);
  });

  it("rejects stale and future timestamps (bolt only checks stale)", async () => {
    const headers = slackHeaders(secret, body, ts);
    expect((await check(enc(body), headers, [secret], (ts + 301) * 1000)).ok).toBe(false);
    expect((await check(enc(body), headers, [secret], (ts - 301) * 1000)).ok).toBe(false);
  });

  it("rejects wrong secret, tampered body, missing headers", async () => {
    const headers = slackHeaders(secret, body, ts);
    expect((await check(enc(body), headers, ["other"], ts * 1000)).ok).toBe(false);
    expect((await check(enc(`${body}&x=1`), headers, [secret], ts * 1000)).ok).toBe(false);
    expect((await check(enc(body), {}, [secret], ts * 1000)).ok).toBe(false);
    expect((await check(enc(body), { "x-slack-signature": headers["x-slack-signature"] }, [secret], ts * 1000)).ok).toBe(false);
  });

  it("property: bolt and ours agree on random bodies/secrets; tampering fails; junk headers never throw", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (b, key, pos, delta) => {
          const headers = slackHeaders(key, b, ts);
          expect(boltAccepts(key, b, headers, ts * 1000)).toBe(true);
          const bytes = enc(b);
          expect(await check(bytes, headers, [key], ts * 1000)).toEqual({ ok: true, digest: mac(key, b, ts) });
          const tampered = Uint8Array.from(bytes);
          const i = pos % tampered.length;
          tampered[i] = (tampered[i]! + delta) & 0xff;
          expect((await check(tampered, headers, [key], ts * 1000)).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string().map((s) => `v0=${s}`)), fc.oneof(fc.string(), fc.constant(String(ts))), async (sig, t) => {
        const r = await check(enc(body), { "x-slack-signature": sig, "x-slack-request-timestamp": t }, [secret], ts * 1000);
        expect(r.ok).toBe(false);
      }),
    );
  });
});
