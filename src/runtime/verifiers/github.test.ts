import { sign } from "@octokit/webhooks-methods";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GitHubVerifier } from "./github.js";

const verifier = new GitHubVerifier();
const enc = (s: string) => new TextEncoder().encode(s);
const check = (body: Uint8Array, header: string | undefined, secrets: readonly string[]) =>
  verifier.verify({ rawBody: body, headers: header === undefined ? {} : { "x-hub-signature-256": header }, secrets, now: 0 });

describe("GitHubVerifier", () => {
  it("accepts a signature made by @octokit/webhooks-methods", async () => {
    const body = '{"action":"opened"}';
    expect(check(enc(body), await sign("s3cret", body), ["s3cret"])).toEqual({ ok: true });
    expect(check(enc(body), await sign("s3cret", body), ["old", "s3cret"]).ok).toBe(true);
  });

  it("rejects wrong secret, missing prefix, missing header", async () => {
    const body = "{}";
    const sig = await sign("s3cret", body);
    expect(check(enc(body), sig, ["nope"]).ok).toBe(false);
    expect(check(enc(body), sig.slice(7), ["s3cret"]).ok).toBe(false);
    expect(check(enc(body), undefined, ["s3cret"]).ok).toBe(false);
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
          expect(check(bytes, sig, [key]).ok).toBe(true);
          const tampered = Uint8Array.from(bytes);
          const i = pos % tampered.length;
          tampered[i] = (tampered[i]! + delta) & 0xff;
          expect(check(tampered, sig, [key]).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
    fc.assert(fc.property(fc.string(), (h) => {
      expect(check(enc("{}"), h, ["k"]).ok).toBe(false);
    }));
  });
});
