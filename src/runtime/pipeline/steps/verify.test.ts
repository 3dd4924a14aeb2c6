import { createHmac } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { githubDefinition, SECRETS, stripeDefinition } from "../../../../test/fixtures/definitions.js";
import { isPromiseLike } from "../../maybe-promise.js";
import { MemoryRateLimitStore } from "../../stores/memory-rate-limit.js";
import type { RateLimitDecision, RateLimitStore } from "../../stores/types.js";
import type { ProviderDefinition } from "../../types.js";
import { WebhookVerifier, type VerifyInput, type VerifyResult } from "../../verifiers/verifier.js";
import { harness, NOW } from "../__fixtures__/harness.js";
import { FailureBudget } from "../failure-budget.js";
import type { PipelineOptions } from "../options.js";
import { createVerify } from "./verify.js";

const ALLOWED: RateLimitDecision = { allowed: true, retryAfterMs: 0 };

/** A verifier answering `answer` and remembering what it saw. */
class FakeVerifier extends WebhookVerifier {
  readonly seen: VerifyInput[] = [];
  constructor(readonly answer: (input: VerifyInput) => VerifyResult | PromiseLike<VerifyResult>) {
    super();
  }
  verify(input: VerifyInput) {
    this.seen.push(input);
    return this.answer(input);
  }
}

function setup(def: ProviderDefinition = stripeDefinition, webhook = "default", options: Omit<PipelineOptions, "logger"> = {}) {
  const take = vi.fn<RateLimitStore["take"]>(() => ALLOWED);
  const h = harness(def, { rateLimit: { take }, failedVerificationBudget: { burst: 5, perMinute: 6 }, ...options }, webhook);
  const failures = new FailureBudget(h.settings);
  return { ...h, take, failures, verify: createVerify(h.settings, failures) };
}

const DIGEST = new Uint8Array([1, 2, 3, 4]);

describe("verify", () => {
  it("on success records the verifier's digest and spends nothing", () => {
    const { verify, readDelivery, processor, take } = setup();
    processor.verifier = new FakeVerifier(() => ({ ok: true, digest: DIGEST }));
    const d = readDelivery({ body: "{}" });
    const result = verify(d);
    expect(isPromiseLike(result)).toBe(false);
    expect(result).toBeUndefined();
    expect(d.digest).toBe(DIGEST);
    expect(take).not.toHaveBeenCalled();
  });

  it("on success without a digest leaves none", () => {
    const { verify, readDelivery, processor } = setup();
    processor.verifier = new FakeVerifier(() => ({ ok: true }));
    const d = readDelivery({ body: "{}" });
    expect(verify(d)).toBeUndefined();
    expect(d.digest).toBeUndefined();
  });

  it("hands the verifier the exact bytes, the headers, every configured secret and the time of receipt", () => {
    const { verify, readDelivery, processor } = setup();
    const fake = new FakeVerifier(() => ({ ok: true }));
    processor.verifier = fake;
    const headers = { "stripe-signature": "t=1,v1=00" };
    const d = readDelivery({ body: '{"id":"evt_1"}', headers, receivedAt: NOW + 5 });
    verify(d);
    expect(fake.seen).toHaveLength(1);
    const input = fake.seen[0]!;
    expect(input.rawBody).toBe(d.rawBody);
    expect(input.headers).toBe(headers);
    expect(input.secrets).toEqual(["whsec_old_rotated", SECRETS.stripe]);
    expect(input.now).toBe(NOW + 5);
  });

  it("on failure answers invalid_signature and spends the client's failed-verification budget", () => {
    const { verify, readDelivery, processor, take, logger } = setup();
    processor.verifier = new FakeVerifier(() => ({ ok: false, reason: "no matching signature" }));
    const d = readDelivery({ body: "{}", remoteAddress: "9.9.9.9" });
    expect(verify(d)).toBe("invalid_signature");
    expect(d.digest).toBeUndefined();
    expect(take).toHaveBeenCalledExactlyOnceWith("stripe:default:unverified:9.9.9.9", 5, 6 / 60_000, NOW);
    expect(logger.messages("debug")).toEqual(["rejected: no matching signature"]);
  });

  it("answers too_many_failures, with the retry time, for the failure that spends the budget, and blocks the client", () => {
    const { verify, readDelivery, processor, take, failures, ctx } = setup();
    processor.verifier = new FakeVerifier(() => ({ ok: false, reason: "bad" }));
    const within = readDelivery({ remoteAddress: "9.9.9.9" });
    expect(verify(within)).toBe("invalid_signature");
    expect(within.retryAfterMs).toBe(0);
    take.mockReturnValue({ allowed: false, retryAfterMs: 10_000 });
    const spending = readDelivery({ remoteAddress: "9.9.9.9" });
    expect(verify(spending)).toBe("too_many_failures");
    expect(spending.retryAfterMs).toBe(10_000);
    expect(failures.blockedFor(ctx, "9.9.9.9", NOW)).toBe(10_000);
  });

  it("with the in-memory store: `burst` failures answer invalid_signature, the next too_many_failures", () => {
    const { verify, readDelivery, processor } = setup(stripeDefinition, "default", {
      rateLimit: new MemoryRateLimitStore(),
      failedVerificationBudget: { burst: 2, perMinute: 60 },
    });
    processor.verifier = new FakeVerifier(() => ({ ok: false, reason: "bad" }));
    const outcomes = [0, 1, 2].map(() => readDelivery({ remoteAddress: "9.9.9.9" })).map((d) => [verify(d), d.retryAfterMs]);
    expect(outcomes).toEqual([
      ["invalid_signature", 0],
      ["invalid_signature", 0],
      ["too_many_failures", 1000],
    ]);
  });

  it("treats a throwing verifier as a failed signature, spending the budget", () => {
    const { verify, readDelivery, processor, take, logger } = setup();
    processor.verifier = new FakeVerifier(() => {
      throw new Error("oops");
    });
    expect(verify(readDelivery())).toBe("invalid_signature");
    expect(take).toHaveBeenCalledTimes(1);
    expect(logger.messages("debug")).toEqual(["rejected: verifier threw: oops"]);
  });

  it("awaits an asynchronous verifier: success records the digest, failure and rejection spend the budget", async () => {
    const { verify, readDelivery, processor, take } = setup();
    processor.verifier = new FakeVerifier(() => Promise.resolve({ ok: true, digest: DIGEST }));
    const ok = readDelivery();
    const pending = verify(ok);
    expect(isPromiseLike(pending)).toBe(true);
    expect(await pending).toBeUndefined();
    expect(ok.digest).toBe(DIGEST);
    expect(take).not.toHaveBeenCalled();

    processor.verifier = new FakeVerifier(() => Promise.resolve({ ok: false, reason: "bad" }));
    expect(await verify(readDelivery())).toBe("invalid_signature");
    expect(take).toHaveBeenCalledTimes(1);

    processor.verifier = new FakeVerifier(() => Promise.reject(new Error("network")));
    expect(await verify(readDelivery())).toBe("invalid_signature");
    expect(take).toHaveBeenCalledTimes(2);
  });

  it("waits for an asynchronous failure budget before answering invalid_signature", async () => {
    let settle!: (d: RateLimitDecision) => void;
    const { verify, readDelivery, processor } = setup(stripeDefinition, "default", {
      rateLimit: { take: () => new Promise<RateLimitDecision>((ok) => (settle = ok)) },
    });
    processor.verifier = new FakeVerifier(() => ({ ok: false, reason: "bad" }));
    const pending = verify(readDelivery());
    expect(isPromiseLike(pending)).toBe(true);
    let answered: unknown = "not yet";
    void Promise.resolve(pending).then((o) => (answered = o));
    await Promise.resolve();
    expect(answered).toBe("not yet");
    settle({ allowed: true, retryAfterMs: 0 });
    expect(await pending).toBe("invalid_signature");

    const denied = setup(stripeDefinition, "default", { rateLimit: { take: () => Promise.resolve({ allowed: false, retryAfterMs: 600 }) } });
    denied.processor.verifier = new FakeVerifier(() => Promise.resolve({ ok: false, reason: "bad" }));
    const d = denied.readDelivery();
    expect(await denied.verify(d)).toBe("too_many_failures");
    expect(d.retryAfterMs).toBe(600);
  });

  it("answers misconfigured, without verifying or spending, when the secret env var is unset or blank", () => {
    const { verify, readDelivery, processor, take, logger } = setup(stripeDefinition, "nosecret");
    const fake = new FakeVerifier(() => ({ ok: true }));
    processor.verifier = fake;
    expect(verify(readDelivery())).toBe("misconfigured");
    expect(fake.seen).toEqual([]);
    expect(take).not.toHaveBeenCalled();
    expect(logger.messages("error")).toEqual([
      "environment variable STRIPE_MISSING_SECRET is not set (or empty): refusing stripe/nosecret deliveries until it is",
    ]);

    const blank = setup(stripeDefinition, "default", { env: { STRIPE_WEBHOOK_SECRET: " , " } });
    expect(blank.verify(blank.readDelivery())).toBe("misconfigured");
  });

  it("answers misconfigured for a signed scheme that declares no secret env var and has no custom verifier", () => {
    const { secretEnv: _unused, ...config } = githubDefinition.webhooks.default!;
    const def: ProviderDefinition = { ...githubDefinition, webhooks: { default: config } };
    const { verify, readDelivery, logger, processor } = setup(def);
    expect(verify(readDelivery())).toBe("misconfigured");
    expect(logger.messages("error")).toEqual([
      "github/default verifies signatures but declares no secret env var (test/fixtures/definitions.ts)",
    ]);
    // A custom verifier needs no secret env var: it gets an empty list.
    const fake = new FakeVerifier(() => ({ ok: true }));
    processor.verifier = fake;
    expect(verify(readDelivery())).toBeUndefined();
    expect(fake.seen[0]!.secrets).toEqual([]);
  });

  it("accepts everything under scheme none (no secret needed)", () => {
    const { secretEnv: _unused, ...config } = githubDefinition.webhooks.default!;
    const def: ProviderDefinition = { ...githubDefinition, signature: { scheme: "none" }, webhooks: { default: config } };
    const { verify, readDelivery, take } = setup(def);
    const d = readDelivery({ body: "{}" });
    expect(verify(d)).toBeUndefined();
    expect(d.digest).toBeUndefined();
    expect(take).not.toHaveBeenCalled();
  });

  it("skips verification when verifySignature is false, unless a custom verifier is assigned", () => {
    const def: ProviderDefinition = {
      ...githubDefinition,
      webhooks: { default: { ...githubDefinition.webhooks.default!, verifySignature: false, secretEnv: "UNSET_SECRET" } },
    };
    const { verify, readDelivery, processor } = setup(def);
    expect(verify(readDelivery({ headers: { "x-hub-signature-256": "sha256=garbage" } }))).toBeUndefined();
    processor.verifier = new FakeVerifier(() => ({ ok: true }));
    // The custom verifier runs, so its secret must be set: fail closed.
    expect(verify(readDelivery())).toBe("misconfigured");
  });

  it("does not spend anything when the failure budget is off", () => {
    const { verify, readDelivery, processor, take } = setup(stripeDefinition, "default", { failedVerificationBudget: false });
    processor.verifier = new FakeVerifier(() => ({ ok: false, reason: "bad" }));
    expect(verify(readDelivery())).toBe("invalid_signature");
    expect(take).not.toHaveBeenCalled();
  });

  it("with the configured GitHub verifier: records the matching MAC as the digest, and rejects a wrong one", () => {
    const { verify, readDelivery, take } = setup(githubDefinition);
    const body = '{"ref":"refs/heads/main"}';
    const mac = createHmac("sha256", SECRETS.github).update(body).digest();
    const d = readDelivery({ body, headers: { "x-hub-signature-256": `sha256=${mac.toString("hex")}` } });
    expect(verify(d)).toBeUndefined();
    expect(d.digest).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(d.digest!).toString("hex")).toBe(mac.toString("hex"));
    expect(take).not.toHaveBeenCalled();

    const wrong = createHmac("sha256", "another secret").update(body).digest("hex");
    const bad = readDelivery({ body, headers: { "x-hub-signature-256": `sha256=${wrong}` } });
    expect(verify(bad)).toBe("invalid_signature");
    expect(bad.digest).toBeUndefined();
    expect(verify(readDelivery({ body }))).toBe("invalid_signature"); // no signature header at all
    expect(take).toHaveBeenCalledTimes(2);
  });
});
