/** Signatures the bench computes outside timed regions, each with the provider's own scheme. */
import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { SECRET } from "./payloads.js";

/** A secret no side is configured with: its signatures must be refused (negative control). */
export const WRONG_SECRET = "wrong-secret-fedcba9876543210";

/** GitHub's `x-hub-signature-256` value. */
export function githubSignature(body: Uint8Array, secret: string = SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const stripe = new Stripe("sk_test_bench");

/** Stripe's `stripe-signature` value, from stripe's own test helper. */
export function stripeSignature(text: string, timestampSec: number, secret: string = SECRET): string {
  return stripe.webhooks.generateTestHeaderString({ payload: text, secret, timestamp: timestampSec });
}
