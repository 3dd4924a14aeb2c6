/**
 * Trying checks in order where each may answer now or later: the first success wins, and the
 * answer stays synchronous as long as every check so far was (Node's crypto), as the pipeline wants.
 */
import type { VerifyResult } from "../verifier.js";

/** One check: a success, `false` for "no match, try the next", possibly as a promise. */
export type Check = () => VerifyResult | false | PromiseLike<VerifyResult | false>;

const isThenable = (v: unknown): v is PromiseLike<VerifyResult | false> => typeof (v as { then?: unknown } | null)?.then === "function";

/** The first check that succeeds, else `none`. Synchronous while the checks are. */
export function firstMatch(checks: readonly Check[], none: VerifyResult): VerifyResult | Promise<VerifyResult> {
  for (let i = 0; i < checks.length; i++) {
    const r = checks[i]!();
    if (isThenable(r)) return rest(checks, i, r, none);
    if (r !== false) return r;
  }
  return none;
}

async function rest(checks: readonly Check[], index: number, pending: PromiseLike<VerifyResult | false>, none: VerifyResult): Promise<VerifyResult> {
  const r = await pending;
  if (r !== false) return r;
  for (let i = index + 1; i < checks.length; i++) {
    const next = await checks[i]!();
    if (next !== false) return next;
  }
  return none;
}
