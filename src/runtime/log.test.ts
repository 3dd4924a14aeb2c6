import { describe, expect, it } from "vitest";
import { redactHeaders, resolveLogger, defaultLogger } from "./log.js";

describe("logging", () => {
  it("redacts signature, secret, token, auth and cookie headers plus extra names", () => {
    expect(
      redactHeaders(
        { "stripe-signature": "t=1,v1=abc", authorization: "Bearer x", "x-custom": "sig", "content-type": "application/json" },
        ["x-custom"],
      ),
    ).toEqual({ "stripe-signature": "[redacted]", authorization: "[redacted]", "x-custom": "[redacted]", "content-type": "application/json" });
  });

  it("fills missing logger levels with the defaults", () => {
    const lines: string[] = [];
    const log = resolveLogger({ error: (m) => void lines.push(m) });
    log.error("boom");
    expect(lines).toEqual(["boom"]);
    expect(log.debug).toBe(defaultLogger.debug);
  });
});
