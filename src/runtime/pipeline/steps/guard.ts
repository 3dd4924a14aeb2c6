/**
 * Guard: what can be refused before a byte of the body is read — the method, the IP allowlist,
 * a client that has spent its failed-verification budget, and a declared Content-Length over the
 * limit (the read enforces the limit again on the bytes that actually arrive).
 */
import type { Delivery } from "../delivery.js";
import type { FailureBudget } from "../failure-budget.js";
import type { PipelineSettings } from "../options.js";
import type { Outcome } from "../outcomes.js";

const DIGITS = /^\d+$/;

/** Builds the guard step. */
export function createGuard(settings: PipelineSettings, failures: FailureBudget) {
  const { log } = settings;
  return function guard(d: Delivery): Outcome | undefined {
    const { req, ctx } = d;
    if (req.method !== "POST" && req.method.toUpperCase() !== "POST") return "method_not_allowed";
    if (ctx.allowlist !== undefined) {
      const ip = d.clientIp(settings);
      if (!ctx.allowlist.matches(ip)) {
        if (log.debugEnabled) log.debug("rejected: client IP not in allowlist", { ...ctx.where, ip });
        return "ip_forbidden";
      }
    }
    if (failures.anyBlocked()) {
      const retryAfterMs = failures.blockedFor(ctx, d.clientIp(settings), d.receivedAt);
      if (retryAfterMs > 0) {
        d.retryAfterMs = retryAfterMs;
        if (log.debugEnabled) log.debug("rejected: client spent its failed-verification budget", ctx.where);
        return "too_many_failures";
      }
    }
    const declared = req.headers["content-length"];
    const limit = ctx.config.maxBodyBytes;
    if (typeof declared === "string" && DIGITS.test(declared) && Number(declared) > limit) {
      if (log.debugEnabled) log.debug("rejected: content-length over limit", { ...ctx.where, limit });
      return "too_large";
    }
    return undefined;
  };
}
