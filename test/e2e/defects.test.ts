/**
 * Four defects found by probing the Express example over real HTTP, each pinned by a test that
 * failed before its fix: unauthenticated traffic starving the provider's rate-limit bucket,
 * replays of a captured GitHub delivery under a fresh (unsigned) delivery id, a dead-letter list
 * bounded by count only, and bodies read without a deadline.
 */
import { request as httpRequest, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import express from "express";
import { sign as signGitHub } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expressWebhookRoutes } from "../../src/adapters/express.js";
import { WebhookRegistry } from "../../src/runtime/registry.js";
import type { ProviderDefinition } from "../../src/runtime/types.js";
import { fixtureEnv, githubDefinition, SECRETS } from "../fixtures/definitions.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** GitHub with extra webhooks: one rate limited, one whose dead letters are bounded small. */
const github: ProviderDefinition = {
  ...githubDefinition,
  events: [...githubDefinition.events],
  webhooks: {
    default: { ...githubDefinition.webhooks.default!, maxBodyBytes: 2 * 1024 * 1024 },
    limited: {
      ...githubDefinition.webhooks.default!,
      path: "/webhooks/github/limited",
      rateLimit: { requestsPerMinute: 1, burstLimit: 3 },
    },
  },
};

const registry = new WebhookRegistry().register(github);
const handled: string[] = [];
let server: Server;
let port: number;

beforeAll(async () => {
  const app = express();
  expressWebhookRoutes(
    app,
    [
      { provider: "github", webhook: "default", path: "/webhooks/github" },
      { provider: "github", webhook: "limited", path: "/webhooks/github/limited" },
    ],
    { registry, env: fixtureEnv, logger: silent, bodyTimeoutMs: 300 },
  );
  registry.createProcessor("github").on(["push", "issues.opened"], (event) => void handled.push(`default:${event.id}`));
  registry.processorFor("github", "limited").on("*", (event) => void handled.push(`limited:${event.id}`));
  // The app parses JSON globally; the webhook routes were registered first, so they read the raw bytes.
  app.use(express.json());
  server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** POSTs from a chosen loopback source address, so tests can play several clients. */
function post(path: string, body: string, headers: Record<string, string>, localAddress = "127.0.0.1"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, path, method: "POST", localAddress, headers: { "content-type": "application/json", ...headers }, agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function githubHeaders(body: string, event = "push", secret: string = SECRETS.github): Promise<Record<string, string>> {
  return { "x-github-event": event, "x-github-delivery": randomUUID(), "x-hub-signature-256": await signGitHub(secret, body) };
}

describe("defect 1: unverified traffic cannot starve the provider's rate-limit bucket", () => {
  it("ten wrong-secret requests from another client leave the provider's valid deliveries 200", async () => {
    for (let i = 0; i < 10; i++) {
      const body = JSON.stringify({ ref: `refs/heads/attack-${i}` });
      const answer = await post("/webhooks/github/limited", body, await githubHeaders(body, "push", "not-the-secret"), "127.0.0.2");
      expect([401, 429]).toContain(answer.status);
    }
    for (let i = 0; i < 3; i++) {
      const body = JSON.stringify({ ref: `refs/heads/provider-${i}` });
      const answer = await post("/webhooks/github/limited", body, await githubHeaders(body));
      expect(answer).toEqual({ status: 200, body: '{"status":"processed"}' });
    }
    // The bucket still limits verified deliveries: the fourth within the minute is 429.
    const body = JSON.stringify({ ref: "refs/heads/provider-3" });
    expect((await post("/webhooks/github/limited", body, await githubHeaders(body))).status).toBe(429);
  });

  it("a client that keeps failing verification gets its own 429 before its body is read", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const body = JSON.stringify({ ref: `refs/heads/flood-${i}` });
      statuses.push((await post("/webhooks/github", body, await githubHeaders(body, "push", "wrong"), "127.0.0.3")).status);
    }
    expect(statuses[0]).toBe(401);
    expect(statuses.at(-1)).toBe(429);
    expect(new Set(statuses)).toEqual(new Set([401, 429]));
    // Another client is untouched.
    const body = JSON.stringify({ ref: "refs/heads/after-flood" });
    expect((await post("/webhooks/github", body, await githubHeaders(body))).status).toBe(200);
  });
});

describe("defect 2: a captured GitHub delivery replayed under a fresh delivery id runs once", () => {
  it("dedupes on the signed body, not on the unsigned X-GitHub-Delivery", async () => {
    const body = JSON.stringify({ action: "opened", issue: { number: 4242 } });
    const captured = await githubHeaders(body, "issues");
    const first = await post("/webhooks/github", body, captured);
    expect(first).toEqual({ status: 200, body: '{"status":"processed"}' });
    const replayId = randomUUID();
    const replay = await post("/webhooks/github", body, { ...captured, "x-github-delivery": replayId });
    expect(replay).toEqual({ status: 200, body: '{"status":"duplicate"}' });
    expect(handled.filter((h) => h === `default:${captured["x-github-delivery"]}` || h === `default:${replayId}`)).toEqual([
      `default:${captured["x-github-delivery"]}`,
    ]);
  });
});

describe("defect 3: dead letters are bounded in bytes, not only in count", () => {
  it("keeps a capped prefix and digest of 1 MiB deeply nested deliveries, within the byte budget", async () => {
    const depth = 500_000;
    const body = `{"action":"x","deep":${"[".repeat(depth)}${"]".repeat(depth)}}`.padEnd(1024 * 1024, " ");
    for (let i = 0; i < 12; i++) {
      const unique = body.replace('"x"', `"x${i}"`).slice(0, 1024 * 1024);
      const answer = await post("/webhooks/github", unique, await githubHeaders(unique, "unknown_event_type"));
      expect(answer).toEqual({ status: 200, body: '{"status":"ignored"}' });
    }
    // The defaults: 4 MiB of bodies in all, bodies over 64 KiB kept as a 64 KiB prefix.
    const kept = registry.processorFor("github", "default").deadLetters.filter((d) => d.type.startsWith("unknown_event_type"));
    expect(kept.length).toBeGreaterThan(0);
    const keptBytes = kept.reduce((sum, d) => sum + d.rawBody.byteLength, 0);
    expect(keptBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    for (const entry of kept) {
      expect(entry.truncated).toBe(true);
      expect(entry.bodyBytes).toBe(1024 * 1024);
      expect(entry.rawBody.byteLength).toBeLessThanOrEqual(64 * 1024);
      expect(entry.bodySha256).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.payload).toBeUndefined();
    }
  });
});

describe("defect 4: a body that does not arrive in time is answered 408", () => {
  it("answers a stalled upload 408 at the body-read deadline and closes the connection", async () => {
    const socket = connect(port, "127.0.0.1");
    const text = new Promise<string>((resolve) => {
      let received = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (received += chunk));
      socket.on("close", () => resolve(received));
      socket.on("error", () => resolve(received));
    });
    socket.write(
      "POST /webhooks/github HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n" +
        "x-github-event: push\r\nx-hub-signature-256: sha256=00\r\ncontent-length: 1000\r\n\r\n{\"ref\":",
    );
    const answer = await Promise.race([text, new Promise<string>((resolve) => setTimeout(() => resolve("no answer in 5 s"), 5000))]);
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain('{"error":"request body timeout"}');
  });
});
