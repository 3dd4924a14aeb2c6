/**
 * GitHub's `application/x-www-form-urlencoded` content type (the JSON as a `payload=` field),
 * over real HTTP to Express with global JSON and urlencoded parsers, signed by
 * @octokit/webhooks-methods over the exact form bytes.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, expect, it } from "vitest";
import { expressWebhookRoutes } from "../../src/adapters/express.js";
import type { WebhookEvent } from "../../src/runtime/event.js";
import { WebhookRegistry } from "../../src/runtime/registry.js";
import { fixtureEnv, githubDefinition, SECRETS } from "../fixtures/definitions.js";

const registry = new WebhookRegistry().register(githubDefinition);
const received: WebhookEvent[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  expressWebhookRoutes(app, [{ provider: "github", webhook: "default", path: "/webhooks/github" }], { registry, env: fixtureEnv, logger: {} });
  registry.createProcessor("github").on("issues", (event) => void received.push(event));
  // The app parses JSON globally; the webhook routes were registered first, so they read the raw bytes.
  app.use(express.json());
  app.use(express.urlencoded({ extended: true }));
  server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it("verifies the form bytes, parses the payload field and dispatches it; a tampered form is 401", async () => {
  const payload = { action: "opened", issue: { number: 7, title: "a & b = c" } };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    "x-github-event": "issues",
    "x-github-delivery": "form-1",
    "x-hub-signature-256": await sign(SECRETS.github, body),
  };
  const ok = await fetch(`${base}/webhooks/github`, { method: "POST", headers, body });
  expect([ok.status, await ok.json()]).toEqual([200, { status: "processed" }]);
  expect(received.map((e) => [e.type, e.payload])).toEqual([["issues.opened", payload]]);
  const tampered = await fetch(`${base}/webhooks/github`, { method: "POST", headers, body: body.replace("7", "8") });
  expect(tampered.status).toBe(401);
  expect(received).toHaveLength(1);
});
