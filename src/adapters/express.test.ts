import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { fixtureEnv, githubDefinition, SECRETS } from "../../test/fixtures/definitions.js";
import { WebhookRegistry } from "../runtime/registry.js";
import { expressWebhookRoutes, keepRawBody, type ExpressRouteOptions } from "./express.js";

const routes = [{ provider: "github", webhook: "default", path: "/webhooks/github" }];

async function withServer(app: express.Express, run: (base: string) => Promise<void>): Promise<void> {
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function post(base: string, body: string): Promise<Response> {
  return fetch(`${base}/webhooks/github`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": `d-${Math.random()}`,
      "x-hub-signature-256": `sha256=${createHmac("sha256", SECRETS.github).update(body).digest("hex")}`,
    },
    body,
  });
}

function options(logs: string[] = []): ExpressRouteOptions {
  const sink = (m: string) => void logs.push(m);
  return { registry: new WebhookRegistry().register(githubDefinition), env: fixtureEnv, logger: { debug: sink, info: sink, warn: sink, error: sink } };
}

describe("expressWebhookRoutes", () => {
  it("keeps raw bytes when a body parser is registered after the routes too", async () => {
    const app = express();
    expressWebhookRoutes(app, routes, options());
    app.use(express.json());
    app.use(express.urlencoded());
    // Whitespace would vanish if anyone re-serialised the JSON before verification.
    await withServer(app, async (base) => expect((await post(base, '{ "a" :  1 }')).status).toBe(200));
  });

  it("registered after a global express.json({ verify: keepRawBody }), verifies the kept bytes", async () => {
    const app = express();
    app.use(express.json({ verify: keepRawBody }));
    expressWebhookRoutes(app, routes, options());
    await withServer(app, async (base) => expect((await post(base, '{ "a" :  1 }')).status).toBe(200));
  });

  it("registered after a plain global express.json(), refuses with 500 and says how to fix it", async () => {
    const logs: string[] = [];
    const app = express();
    app.use(express.json());
    expressWebhookRoutes(app, routes, options(logs));
    await withServer(app, async (base) => expect((await post(base, '{"a":1}')).status).toBe(500));
    expect(logs.some((l) => l.includes("before app.use(express.json())"))).toBe(true);
  });

  it("uses a Buffer left by express.raw() in a parent app", async () => {
    const parent = express();
    parent.use(express.raw({ type: "*/*" }));
    const child = express();
    expressWebhookRoutes(child, routes, options());
    parent.use(child);
    await withServer(parent, async (base) => expect((await post(base, '{"a":1}')).status).toBe(200));
  });

  it("answers 500 with an explanation when a parent parsed the stream and kept no bytes", async () => {
    const logs: string[] = [];
    const parent = express();
    parent.use(express.json());
    const child = express();
    expressWebhookRoutes(child, routes, options(logs));
    parent.use(child);
    await withServer(parent, async (base) => {
      const res = await post(base, '{"a":1}');
      expect(res.status).toBe(500);
      expect(logs.some((l) => l.includes("raw request body is unavailable"))).toBe(true);
    });
  });

  it("passes unrelated paths through to later middleware", async () => {
    const app = express();
    expressWebhookRoutes(app, routes, options());
    app.get("/health", (_req, res) => {
      res.json({ ok: true });
    });
    await withServer(app, async (base) => expect(await (await fetch(`${base}/health`)).json()).toEqual({ ok: true }));
  });
});
