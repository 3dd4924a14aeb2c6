/**
 * The verifier contract. Built-ins live beside this file; users extend {@link WebhookVerifier}
 * for anything else and assign it with `processor.verifier = new MyVerifier()`.
 */
import type { HeaderBag } from "../types.js";

/**
 * Outcome of a verification. `reason` is only ever logged at debug level, never answered.
 * `digest`, when present, is the MAC that matched (the verified signature's bytes): unlike an
 * unsigned delivery-id header it cannot be changed without the secret, so it is a sound dedupe key.
 */
export type VerifyResult = { readonly ok: true; readonly digest?: Uint8Array } | { readonly ok: false; readonly reason: string };

/** What a verifier sees of a delivery. */
export interface VerifyInput {
  /** The exact bytes received; never re-serialised JSON. */
  readonly rawBody: Uint8Array;
  /** Lower-case header names. */
  readonly headers: HeaderBag;
  /** Every currently valid secret (several during rotation); any one matching verifies. */
  readonly secrets: readonly string[];
  /** Time of receipt in ms since the epoch. */
  readonly now: number;
  /** Request method (`{method}` of the generic schemes); the pipeline always sets it. */
  readonly method?: string | undefined;
  /** Request path without query (`{url}` of the generic schemes); the pipeline always sets it. */
  readonly path?: string | undefined;
  /**
   * The raw query string after `?`, as received (not decoded); `undefined` when the URL has no
   * `?`. Part of `{url}`, and where a body hash is read from (Twilio's `bodySHA256`).
   */
  readonly query?: string | undefined;
}

/**
 * Base class of all verifiers. `verify` must not throw; a thrown error (or a rejected promise) is
 * treated as a failure. Answer synchronously when you can: the pipeline only awaits thenables.
 */
export abstract class WebhookVerifier {
  /** Checks a delivery's authenticity. */
  abstract verify(input: VerifyInput): VerifyResult | PromiseLike<VerifyResult>;
}

/** The shared success value of verifiers that have no digest to report (e.g. `none`). */
export const VERIFIED: VerifyResult = Object.freeze({ ok: true });

/** Success with the MAC bytes that matched. */
export function verified(digest: Uint8Array): VerifyResult {
  return { ok: true, digest };
}

/** A failure with a reason for the debug log. */
export function rejected(reason: string): VerifyResult {
  return { ok: false, reason };
}
