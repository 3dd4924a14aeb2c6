/**
 * Verify: the signature over the exact bytes received. Fails closed: a webhook that verifies but
 * has no secret answers 500, never accepts. A failure spends the client's failed-verification
 * budget, never the webhook's rate-limit bucket, so unverified traffic cannot starve the provider.
 */
import { errorMessage } from "../../errors.js";
import type { MaybePromise } from "../../maybe-promise.js";
import { whenReady } from "../run-steps.js";
import { readSecrets } from "../../secrets.js";
import type { VerifyResult } from "../../verifiers/verifier.js";
import type { Delivery } from "../delivery.js";
import type { FailureBudget } from "../failure-budget.js";
import type { PipelineSettings } from "../options.js";
import type { Outcome } from "../outcomes.js";
import { defaultVerifierOf } from "../route-context.js";

function threw(error: unknown): VerifyResult {
  return { ok: false, reason: `verifier threw: ${errorMessage(error)}` };
}

/** Builds the verify step. */
export function createVerify(settings: PipelineSettings, failures: FailureBudget) {
  const { log, env } = settings;

  function verdict(d: Delivery, result: VerifyResult): MaybePromise<Outcome | undefined> {
    if (result.ok) {
      d.digest = result.digest;
      return undefined;
    }
    if (log.debugEnabled) log.debug(`rejected: ${result.reason}`, d.ctx.where);
    return whenReady(
      failures.spend(d.ctx, d.clientIp(settings), d.receivedAt),
      (blockedForMs) => refused(d, blockedForMs),
      () => "invalid_signature",
    );
  }

  /** 401 while the client's failure budget lasts; the failure that spends it is already 429. */
  function refused(d: Delivery, blockedForMs: number): Outcome {
    if (blockedForMs <= 0) return "invalid_signature";
    d.retryAfterMs = blockedForMs;
    return "too_many_failures";
  }

  return function verify(d: Delivery): MaybePromise<Outcome | undefined> {
    const { def, config, processor, where } = d.ctx;
    const verifier = processor.verifier ?? (config.verifySignature ? defaultVerifierOf(def) : undefined);
    if (verifier === undefined) return undefined;
    let secrets: readonly string[] = [];
    if (config.secretEnv !== undefined) {
      secrets = readSecrets(env, config.secretEnv);
      if (secrets.length === 0) {
        log.error(
          `environment variable ${config.secretEnv} is not set (or empty): refusing ${def.name}/${where.webhook} deliveries until it is`,
          where,
        );
        return "misconfigured";
      }
    } else if (processor.verifier === undefined && def.signature.scheme !== "none") {
      log.error(`${def.name}/${where.webhook} verifies signatures but declares no secret env var (${def.source})`, where);
      return "misconfigured";
    }
    let pending: MaybePromise<VerifyResult>;
    try {
      d.secrets = secrets;
      pending = verifier.verify({ rawBody: d.rawBody, headers: d.req.headers, secrets, now: d.receivedAt, method: d.req.method, path: d.req.path, query: d.req.query });
    } catch (error) {
      return verdict(d, threw(error));
    }
    // Built-in verifiers answer synchronously on Node; Web Crypto and custom verifiers may not.
    return whenReady(
      pending,
      (result) => verdict(d, result),
      (error) => verdict(d, threw(error)),
    );
  };
}
