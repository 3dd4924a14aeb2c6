/**
 * The log check itself (log-capture.ts runs it after every file of the suite): it sees the
 * runtime's debug lines with DEBUG=*, and it catches each kind of leak it looks for.
 */
import createDebug from "debug";
import { describe, expect, it } from "vitest";
import { BODY_MARKER, reliabilitySetup, send, stripeBody, stripeWire } from "./deliveries.js";
import { capturedLines, findLeaks } from "./log-capture.js";
import { ADAPTERS } from "./servers.js";

describe("the log check", () => {
  it("captures the runtime's debug lines (DEBUG=*) from a real delivery", async () => {
    expect(createDebug.enabled("smart-api-integrations:webhook")).toBe(true);
    const s = reliabilitySetup();
    const server = await ADAPTERS["node"]!(s);
    try {
      const from = capturedLines.length;
      const payload = stripeBody();
      expect((await send(server.base, stripeWire(payload))).status).toBe(200);
      expect((await send(server.base, stripeWire(payload, undefined, "t=1,v1=00"))).status).toBe(401);
      const lines = capturedLines.slice(from).join("\n");
      expect(lines).toMatch(/smart-api-integrations:webhook processed/);
      expect(lines).toMatch(/smart-api-integrations:webhook rejected: /);
    } finally {
      await server.close();
    }
  });

  it("finds a secret, a body and a signature when they are there", () => {
    const mac = "ab".repeat(32);
    expect(findLeaks(["nothing to see"], new Set([mac]))).toEqual([]);
    expect(findLeaks([`key whsec_test_secret_123`, `body {"d":"${BODY_MARKER}"}`, `sig sha256=${mac.toUpperCase()}`], new Set([mac]))).toEqual([
      "secret whsec_test_secret_123",
      "a body (its marker)",
      `signature ${mac}`,
    ]);
  });
});
