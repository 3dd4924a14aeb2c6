import { describe, expect, it } from "vitest";
import type { HmacSchemeConfig } from "../../types.js";
import { signatureCoversBodyPath, signatureCoversHeader } from "./signed-headers.js";

const hmac = (extra: Partial<HmacSchemeConfig>): HmacSchemeConfig => ({ scheme: "hmac", algorithm: "sha256", encoding: "hex", prefix: "", signedContent: "{body}", ...(extra.body === undefined ? { header: "x-sig" } : {}), ...extra });

describe("what a signature covers (sound dedupe keys)", () => {
  it("whole-body schemes cover every body path; form parameters count as the body", () => {
    expect(signatureCoversBodyPath(hmac({}), "data.id")).toBe(true);
    expect(signatureCoversBodyPath(hmac({ signedContent: "{url}{params}" }), "MessageSid")).toBe(true);
    expect(signatureCoversBodyPath({ scheme: "stripe", header: "stripe-signature", toleranceSeconds: 300 }, "id")).toBe(true);
  });

  it("a signature over body fields (Mailgun) covers just those fields and a signed body timestamp", () => {
    const mailgun = hmac({ body: "signature.signature", signedContent: "{timestamp}{body.signature.token}", timestamp: { body: "signature.timestamp" } });
    expect(signatureCoversBodyPath(mailgun, "signature.token")).toBe(true);
    expect(signatureCoversBodyPath(mailgun, "signature.timestamp")).toBe(true);
    expect(signatureCoversBodyPath(mailgun, "event-data.id")).toBe(false);
    expect(signatureCoversBodyPath(mailgun, "signature")).toBe(false);
  });

  it("headers: only a signed id header", () => {
    expect(signatureCoversHeader(hmac({ idHeader: "x-id", signedContent: "{id}.{body}" }), "x-id")).toBe(true);
    expect(signatureCoversHeader(hmac({ idHeader: "x-id" }), "x-id")).toBe(false);
  });
});
