import { describe, expect, it } from "vitest";
import { editDistance, suggest } from "./suggest.js";

const stripeEvents = [
  "charge.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.succeeded",
  "payment_method.attached",
  "payout.paid",
];

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and adjacent swaps as one edit", () => {
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("rate_limt", "rate_limit")).toBe(1);
    expect(editDistance("pth", "path")).toBe(1);
    expect(editDistance("ptah", "path")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});

describe("suggest", () => {
  it("picks the key one typo away", () => {
    expect(suggest("rate_limt", ["path", "rate_limit", "events"])).toBe("rate_limit");
    expect(suggest("verify_signatur", ["verify_signature", "signature_header"])).toBe("verify_signature");
    expect(suggest("ratelimit", ["rate_limit", "validation"])).toBe("rate_limit");
  });
  it("prefers the event sharing the most words over the merely close one", () => {
    expect(suggest("payment.succeeded", stripeEvents)).toBe("payment_intent.succeeded");
    expect(suggest("payment_intent.succeded", stripeEvents)).toBe("payment_intent.succeeded");
    expect(suggest("payment_intent.failed", stripeEvents)).toBe("payment_intent.payment_failed");
    expect(suggest("issues.open", ["issues.opened", "issues.closed", "push"])).toBe("issues.opened");
  });
  it("suggests nothing far-fetched", () => {
    expect(suggest("zzz", stripeEvents)).toBeUndefined();
    expect(suggest("customer.created", stripeEvents)).toBeUndefined();
  });
  it("is deterministic on ties", () => {
    expect(suggest("ab", ["ac", "aa"])).toBe("aa");
    expect(suggest("ab", ["aa", "ac"])).toBe("aa");
  });
});
