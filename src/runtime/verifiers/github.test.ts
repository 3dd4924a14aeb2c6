import { createHmac } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCrypto } from "../crypto/index.js";
import { GitHubVerifier } from "./github.js";
import type { VerifyResult } from "./verifier.js";

const enc = (s: string) => new TextEncoder().encode(s);
const isThenable = (value: unknown) => typeof (value as { then?: unknown } | null)?.then === "function";
const mac = (secret: string, body: string) => new Uint8Array(createHmac("sha256", secret).update(body).digest());
/** `result` with its digest as a plain Uint8Array (Node's are Buffers), so both backends compare equal. */
const plain = (result: VerifyResult): VerifyResult => (result.ok && result.digest !== undefined ? { ok: true, digest: new Uint8Array(result.digest) } : result);

describe.each([
  ["node", createCrypto()],
  ["webcrypto", createCrypto({ node: undefined })],
] as const)("GitHubVerifier on %s", (backend, crypto) => {
  const verifier = new GitHubVerifier({ crypto });
  const run = (body: Uint8Array, header: string | undefined, secrets: readonly string[]) =>
    verifier.verify({ rawBody: body, headers: header === undefined ? {} : { "x-hub-signature-256": header }, secrets, now: 0 });
  /** The verdict; on Node it must not be a thenable (the pipeline would pay a suspension). */
  const check = async (body: Uint8Array, header: string | undefined, secrets: readonly string[]): Promise<VerifyResult> => {
    const result = run(body, header, secrets);
    if (backend === "node") expect(isThenable(result)).toBe(false);
    return plain(await result);
  };

  it("accepts a signature made by @octokit/webhooks-methods, with the MAC as digest (sync on Node, a Promise on Web Crypto)", async () => {
    const body = '{"action":"opened"}';
    const result = run(enc(body), await sign("s3cret", body), ["s3cret"]);
    if (backend === "node") expect(isThenable(result)).toBe(false);
    else expect(result).toBeInstanceOf(Promise);
    expect(plain(await result)).toEqual({ ok: true, digest: mac("s3cret", body) });
  });

  it("accepts when any rotated secret matches; the digest is that secret's MAC", async () => {
    const body = '{"action":"closed"}';
    const sig = await sign("s3cret", body);
    expect(await check(enc(body), sig, ["old", "s3cret"])).toEqual({ ok: true, digest: mac("s3cret", body) });
    expect(await check(enc(body), sig, ["s3cret", "new"])).toEqual({ ok: true, digest: mac("s3cret", body) });
    expect((await check(enc(body), sig, ["old", "older", "new"])).ok).toBe(false);
    expect((await check(enc(body), sig, [])).ok).toBe(false);
  });

  it("accepts upper-case hex", async () => {
    const sig = await sign("s3cret", "{}");
    expect((await check(enc("{}"), `sha256=${sig.slice(7).toUpperCase()}`, ["s3cret"])).ok).toBe(true);
  });

  it("rejects wrong secret, tampered body, missing prefix, missing header, malformed hex", async () => {
    const body = "{}";
    const sig = await sign("s3cret", body);
    expect((await check(enc(body), sig, ["nope"])).ok).toBe(false);
    expect((await check(enc(`${body} `), sig, ["s3cret"])).ok).toBe(false);
    expect((await check(enc(body), sig.slice(7), ["s3cret"])).ok).toBe(false);
    expect((await check(enc(body), undefined, ["s3cret"])).ok).toBe(false);
    expect((await check(enc(body), `${sig}00`, ["s3cret"])).ok).toBe(false);
    expect((await check(enc(body), `${sig.slice(0, -1)}g`, ["s3cret"])).ok).toBe(false);
  });

  it("property: sign→verify ok, any single-byte tamper fails, arbitrary headers never throw", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (body, key, pos, delta) => {
          const sig = await sign(key, body);
          const bytes = enc(body);
          expect(await check(bytes, sig, [key])).toEqual({ ok: true, digest: mac(key, body) });
          const tampered = Uint8Array.from(bytes);
          const i = pos % tampered.length;
          tampered[i] = (tampered[i]! + delta) & 0xff;
          expect((await check(tampered, sig, [key])).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string().map((s) => `sha256=${s}`)), async (h) => {
        expect((await check(enc("{}"), h, ["k"])).ok).toBe(false);
      }),
    );
  });
});
