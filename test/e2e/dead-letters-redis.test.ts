/**
 * Durable dead letters, end to end on the real Redis at 127.0.0.1:6379 (skipped, saying why, when
 * none is running):
 *
 * 1. a child process (Express, RedisDeadLetterStore, no handler) receives a verified Stripe
 *    delivery over HTTP and answers 200 ignored; it is then killed with SIGKILL;
 * 2. new processes — the real CLI, `smart-api-integrations dead-letters` — list and show the
 *    entry from Redis, then replay it through a handler registered by a `--handlers` module: the
 *    handler runs once and the entry is gone.
 *
 * And with Redis down, a delivery that would be a dead letter is answered 503 + Retry-After,
 * never 2xx without a record (no server needed).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import express from "express";
import { Redis } from "ioredis";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expressWebhookRoutes } from "../../src/adapters/express.js";
import { WebhookRegistry } from "../../src/runtime/registry.js";
import { RedisDeadLetterStore } from "../../src/runtime/stores/redis-dead-letters.js";
import { fixtureEnv, SECRETS, stripeDefinition } from "../fixtures/definitions.js";
import { commands, deleteKeys, REDIS_HOST as HOST, REDIS_PORT as PORT, redisIsUp } from "../fixtures/redis.js";

const redisUp = await redisIsUp();

const root = fileURLToPath(new URL("../../", import.meta.url));
const stripe = new Stripe("sk_test_dummy");
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function signed(payload: string): Record<string, string> {
  return { "content-type": "application/json", "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload, secret: SECRETS.stripe }) };
}

function paymentIntent(id: string): string {
  return JSON.stringify({ id, type: "payment_intent.succeeded", created: Math.floor(Date.now() / 1000), data: { object: { id: `pi_${id}` } } });
}

/** `node --import tsx <script> ...args`, as a separate process. */
function node(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs a process to its end: its exit code and output. */
function run(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = node(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts the receiver child and resolves with its port once it listens. */
function startReceiver(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = node(["test/e2e/dead-letters/receiver.ts"], env);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once("exit", (code) => reject(new Error(`receiver exited (${code}) before listening: ${stderr}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe.skipIf(!redisUp)("dead letters survive a restart on Redis and replay through the handlers", () => {
  const prefix = `sai-test:${process.pid}:${randomUUID()}:`;
  const dir = mkdtempSync(join(tmpdir(), "sai-dead-letters-"));
  const markFile = join(dir, "ran.txt");
  const cli = (...args: string[]) =>
    run(["src/cli/main.ts", "dead-letters", ...args, "--redis", `redis://${HOST}:${PORT}`, "--prefix", prefix], { REPLAY_MARK_FILE: markFile });
  let client: Redis;

  beforeAll(() => {
    client = new Redis({ host: HOST, port: PORT });
  });

  afterAll(async () => {
    await deleteKeys(client, `${prefix}*`);
    await client.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps a verified delivery with no handler in Redis past SIGKILL; the CLI lists, shows and replays it once", { timeout: 60_000 }, async () => {
    // 1. Received by a process that is then killed without any shutdown.
    const receiver = await startReceiver({ DEAD_LETTER_PREFIX: prefix, STRIPE_WEBHOOK_SECRET: SECRETS.stripe });
    const id = `evt_${randomUUID()}`;
    const payload = paymentIntent(id);
    try {
      const res = await fetch(`http://${HOST}:${receiver.port}/webhooks/stripe/`, { method: "POST", headers: signed(payload), body: payload });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ignored" });
      // An unsigned copy is refused before anything is kept.
      const forged = await fetch(`http://${HOST}:${receiver.port}/webhooks/stripe/`, { method: "POST", headers: { "content-type": "application/json" }, body: payload });
      expect(forged.status).toBe(401);
    } finally {
      await killed(receiver.child);
    }
    expect(receiver.child.signalCode).toBe("SIGKILL");

    // 2. A new process lists it from Redis.
    const listed = await cli("list", "--json");
    expect(listed.stderr).toBe("");
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ provider: "stripe", webhook: "default", type: "payment_intent.succeeded", id, reason: "no_handler", attempts: 0 });
    const key = String(lines[0]!["key"]);

    const shown = await cli("show", key);
    expect(shown.code).toBe(0);
    const detail = JSON.parse(shown.stdout) as { payload: unknown; body: string; headers: Record<string, string> };
    expect(detail.body).toBe(payload); // the exact bytes
    expect(detail.payload).toEqual(JSON.parse(payload));
    expect(detail.headers).not.toHaveProperty("stripe-signature"); // signatures are not kept

    // Without handlers there is nothing to replay into: a usage error, and the entry stays.
    const noHandlers = await cli("replay", key);
    expect(noHandlers.code).toBe(2);
    expect(noHandlers.stderr).toMatch(/--handlers/);

    // 3. Replayed in another new process through the handler its --handlers module registers.
    const replayed = await cli("replay", key, "--handlers", "test/e2e/dead-letters/handlers.ts");
    expect(replayed.stderr).toBe("");
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain(`${key}: processed, deleted {"replayed":"${id}"}`);
    expect(readFileSync(markFile, "utf8")).toBe(`${id}\n`); // ran exactly once

    const after = await cli("list", "--json");
    expect(after.stdout.trim()).toBe("");
    expect(await cli("replay", key, "--handlers", "test/e2e/dead-letters/handlers.ts")).toMatchObject({ code: 1 }); // gone: nothing runs twice
    expect(readFileSync(markFile, "utf8")).toBe(`${id}\n`);
  });

  it("keeps an entry whose replay finds no handler, counting the attempt; --all replays what is kept", { timeout: 60_000 }, async () => {
    const store = new RedisDeadLetterStore({ redis: commands(client), prefix });
    const id = `evt_${randomUUID()}`;
    const payload = paymentIntent(id);
    const key = await store.add({
      reason: "no_handler",
      provider: "stripe",
      webhook: "default",
      id,
      type: "payment_intent.succeeded",
      receivedAt: new Date(),
      payload: JSON.parse(payload),
      rawBody: new TextEncoder().encode(payload),
      contentType: "application/json",
      headers: { "content-type": "application/json" },
      issues: [],
    });
    // A handlers module that registers nothing for the type: the entry stays, one attempt more.
    const empty = await cli("replay", key, "--handlers", "test/e2e/dead-letters/no-handlers.ts");
    expect(empty.code).toBe(1);
    expect(empty.stdout).toContain(`${key}: no_handler; kept`);
    expect(await store.get(key)).toMatchObject({ reason: "no_handler", attempts: 1, lastFailure: "no_handler" });
    const listed = await cli("list");
    expect(listed.stdout).toContain(`${key}  `);
    expect(listed.stdout).toContain("last replay: no_handler");

    const all = await cli("replay", "--all", "--handlers", "test/e2e/dead-letters/handlers.ts");
    expect(all.code).toBe(0);
    expect(all.stdout).toContain("1 of 1 replayed");
    expect(await store.get(key)).toBeUndefined();
    expect(readFileSync(markFile, "utf8").trim().split("\n")).toContain(id);
  });
});

describe("with Redis down, no dead letter is acknowledged without a record", () => {
  let server: Server;
  let base: string;
  const down = new Redis({ host: HOST, port: 1, lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  down.on("error", () => {});
  const ran: string[] = [];

  beforeAll(async () => {
    const registry = new WebhookRegistry().register(stripeDefinition);
    registry.processorFor("stripe", "default").on("payment_intent.payment_failed", (event) => void ran.push(event.id));
    const app = express();
    expressWebhookRoutes(app, [{ provider: "stripe", webhook: "default", path: "/webhooks/stripe/" }], {
      registry,
      env: fixtureEnv,
      logger: silent,
      deadLetters: new RedisDeadLetterStore({ redis: commands(down) }),
    });
    server = app.listen(0, HOST);
    await new Promise<void>((resolve) => server.once("listening", resolve));
    base = `http://${HOST}:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    down.disconnect();
  });

  it("answers 503 + Retry-After to a verified delivery that has no handler, so the provider retries", async () => {
    const payload = paymentIntent(`evt_${randomUUID()}`);
    const res = await fetch(`${base}/webhooks/stripe/`, { method: "POST", headers: signed(payload), body: payload });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({ error: "temporarily unavailable" });
  });

  it("still processes deliveries that have a handler (the store is not touched)", async () => {
    const id = `evt_${randomUUID()}`;
    const payload = JSON.stringify({ id, type: "payment_intent.payment_failed", created: Math.floor(Date.now() / 1000), data: { object: { id: "pi_1" } } });
    const res = await fetch(`${base}/webhooks/stripe/`, { method: "POST", headers: signed(payload), body: payload });
    expect(res.status).toBe(200);
    expect(ran).toEqual([id]);
  });
});
