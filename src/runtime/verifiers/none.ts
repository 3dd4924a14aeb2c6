/**
 * The `none` scheme: accepts everything. Only used when webhook.yaml explicitly says so.
 */
import { VERIFIED, WebhookVerifier, type VerifyResult } from "./verifier.js";

/** Accepts every delivery. */
export class NoneVerifier extends WebhookVerifier {
  verify(): VerifyResult {
    return VERIFIED;
  }
}
