/**
 * The verifier contract. Built-ins live beside this file; users extend {@link WebhookVerifier}
 * for anything else and assign it with `processor.verifier = new MyVerifier()`.
 */
import type { HeaderBag } from "../types.js";

/** Outcome of a verification. `reason` is only ever logged at debug level, never answered. */
export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

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
}

/** Base class of all verifiers. `verify` must not throw; a thrown error is treated as a failure. */
export abstract class WebhookVerifier {
  /** Checks a delivery's authenticity. */
  abstract verify(input: VerifyInput): VerifyResult | Promise<VerifyResult>;
}

/** The shared success value. */
export const VERIFIED: VerifyResult = Object.freeze({ ok: true });

/** A failure with a reason for the debug log. */
export function rejected(reason: string): VerifyResult {
  return { ok: false, reason };
}
