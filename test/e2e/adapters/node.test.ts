/** The shared adapter cases against a bare node:http server, and the listener as a middleware. */
import { createServer, type Server } from "node:http";
import { describe, expect, it } from "vitest";
import { nodeWebhookListener } from "../../../src/adapters/node.js";
import { listen, runAdapterCases, setup } from "./cases.js";

const closer = (server: Server) => () => new Promise<void>((resolve) => server.close(() => resolve()));

runAdapterCases("node", "not_found", async (s) => {
  const server = createServer(nodeWebhookListener(s.routes, s.options));
  return { base: await listen(server), close: closer(server) };
});

describe("node listener with next()", () => {
  it("passes other paths to next() and serves its own", async () => {
    const s = setup();
    const listener = nodeWebhookListener(s.routes, s.options);
    const server = createServer((req, res) =>
      listener(req, res, () => {
        res.statusCode = 299;
        res.end("next");
      }),
    );
    const base = await listen(server);
    try {
      const other = await fetch(`${base}/elsewhere`, { method: "POST", body: "{}" });
      expect([other.status, await other.text()]).toEqual([299, "next"]);
      const ours = await fetch(`${base}/webhooks/stripe/`, { method: "GET" });
      expect(ours.status).toBe(405);
    } finally {
      await closer(server)();
    }
  });
});
