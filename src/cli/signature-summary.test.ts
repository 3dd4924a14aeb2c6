import { describe, expect, it } from "vitest";
import { schemeSummary, signatureHeaders } from "./signature-summary.js";

describe("signature summary for list", () => {
  it("names the scheme and every header a check reads, once each", () => {
    expect(schemeSummary({ scheme: "github", header: "x-hub-signature-256" })).toBe("github (hmac sha256 hex)");
    expect(signatureHeaders({ scheme: "slack", header: "x-slack-signature", timestampHeader: "x-slack-request-timestamp", toleranceSeconds: 300 })).toEqual(["x-slack-signature", "x-slack-request-timestamp"]);
    const twitch = {
      scheme: "hmac", algorithm: "sha256", encoding: "hex", prefix: "sha256=", header: "twitch-eventsub-message-signature",
      signedContent: "{id}{timestamp}{body}", idHeader: "twitch-eventsub-message-id", timestamp: { header: "twitch-eventsub-message-timestamp" },
    } as const;
    expect(schemeSummary(twitch)).toBe("hmac sha256 hex");
    expect(signatureHeaders(twitch)).toEqual(["twitch-eventsub-message-signature", "twitch-eventsub-message-timestamp", "twitch-eventsub-message-id"]);
    // A timestamp field inside the signature header adds no header.
    const paddle = { scheme: "hmac", algorithm: "sha256", encoding: "hex", prefix: "", header: "paddle-signature", signedContent: "{timestamp}:{body}", timestamp: { header: "paddle-signature", field: "ts" } } as const;
    expect(signatureHeaders(paddle)).toEqual(["paddle-signature"]);
    expect(signatureHeaders({ scheme: "token", header: "x-gitlab-token", prefix: "" })).toEqual(["x-gitlab-token"]);
    const mailgun = { scheme: "hmac", algorithm: "sha256", encoding: "hex", prefix: "", body: "signature.signature", signedContent: "{timestamp}{body.signature.token}", timestamp: { body: "signature.timestamp" } } as const;
    expect(schemeSummary(mailgun)).toBe("hmac sha256 hex (signature in the body at signature.signature)");
    expect(signatureHeaders(mailgun)).toEqual([]);
    expect(signatureHeaders({ scheme: "standard-webhooks", toleranceSeconds: 300 })).toContain("svix-signature");
    expect(signatureHeaders({ scheme: "none" })).toEqual([]);
  });
});
