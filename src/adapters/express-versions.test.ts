// The adapter on both Express majors the peer dependency allows: the raw body survives a global
// express.json() registered after the routes, or before them with keepRawBody, and other routes
// keep their parsed bodies. No private router API is touched.
import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import express5 from "express";
import express4 from "express4";
import { describe, expect, it } from "vitest";
import { fixtureEnv, githubDefinition, SECRETS } from "../../test/fixtures/definitions.js";
import { WebhookRegistry } from "../runtime/registry.js";
import { expressWebhookRoutes, keepRawBody } from "./express.js";

const routes = [{ provider: "github", webhook: "default", path: "/webhooks/github" }];
const VERSIONS = [
  ["5", express5, (await import("express/package.json", { with: { type: "json" } })).default.version],
  ["4", express4, (await import("express4/package.json", { with: { type: "json" } })).default.version],
] as const;

function signed(body: string): RequestInit {
  return {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": `d-${Math.random()}`,
      "x-hub-signature-256": `sha256=${createHmac("sha256", SECRETS.github).update(body).digest("hex")}`,
    },
    body,
  };
}

describe.each(VERSIONS)("Express %s (%s)", (major, express, version) => {
  it(`is really major ${major}`, () => {
    expect(version.split(".")[0]).toBe(major);
  });

  it.each(["before (with keepRawBody)", "after"] as const)("keeps the raw bytes with express.json() registered %s the routes", async (order) => {
    const app = express();
    const registry = new WebhookRegistry().register(githubDefinition);
    const received: unknown[] = [];
    registry.processorFor("github", "default").on("*", (event) => void received.push(event.payload));
    if (order !== "after") app.use(express.json({ verify: keepRawBody }));
    expressWebhookRoutes(app, routes, { registry, env: fixtureEnv, logger: { debug() {}, info() {} } });
    if (order === "after") app.use(express.json());
    app.post("/echo", (req, res) => {
      res.json({ parsed: req.body as unknown });
    });

    const server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Whitespace would vanish if anything re-serialised the JSON before verification.
      const res = await fetch(`${base}/webhooks/github/`, signed('{ "ref" :  "refs/heads/main" }'));
      expect(res.status).toBe(200);
      expect(received).toEqual([{ ref: "refs/heads/main" }]);
      expect((await fetch(`${base}/webhooks/github`, { method: "GET" })).status).toBe(405);
      const echo = await fetch(`${base}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"x":1}' });
      expect(await echo.json()).toEqual({ parsed: { x: 1 } });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
