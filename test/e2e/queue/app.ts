/**
 * A child process of the queue tests (test/e2e/queue/*.test.ts, test/reliability/queue-*.test.ts):
 * the same app code in one of two roles, as a real deployment runs it.
 *
 * - ROLE=server: Express with the Stripe webhook in queue mode and the Slack webhook in auto mode
 *   (Slack's 3 s budget), Redis dedupe; prints `listening <port>`.
 * - ROLE=worker: a BullMQ worker running the same handlers; prints `ready`; closes on SIGTERM.
 *
 * Handlers count in Redis (the side channel the tests read): `<RUN>:calls:<id>` on entry,
 * `<RUN>:runs:<id>` on completion and `<RUN>:ranOn` (id → pid). A payload with `hang: true` hangs
 * after counting its call when HANG=1 (the process is then killed mid-job); `sleepMs` sleeps.
 * Env: ROLE, RUN (key prefix and BullMQ prefix), HANG, LEASE_MS, LOCK_MS, LOGS, WORKER_CONCURRENCY.
 * Also the child of the bench's queue suite (test/bench/suites/queue.ts).
 */
import type { AddressInfo } from "node:net";
import express from "express";
import { Redis } from "ioredis";
import { expressWebhookRoutes } from "../../../src/adapters/express.js";
import { createWebhookQueue, createWebhookWorker } from "../../../src/runtime/queue/index.js";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import { RedisDedupeStore } from "../../../src/runtime/stores/redis.js";
import type { ProviderDefinition } from "../../../src/runtime/types.js";
import { fixtureEnv, slackDefinition, stripeDefinition } from "../../fixtures/definitions.js";
import { commands, REDIS_HOST, REDIS_PORT } from "../../fixtures/redis.js";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
};
const role = env("ROLE");
const run = env("RUN");
const hang = process.env["HANG"] === "1";
const leaseMs = Number(process.env["LEASE_MS"] ?? 3_000);
const lockMs = Number(process.env["LOCK_MS"] ?? 2_000);
const concurrency = Number(process.env["WORKER_CONCURRENCY"] ?? 20);
const silent = { debug() {}, info() {}, warn() {}, error(message: string) { process.stderr.write(`${message}\n`); } };
/** LOGS=1: the default logger (with DEBUG set by the parent), whose every line the reliability suite checks for leaks. */
const logger = process.env["LOGS"] === "1" ? {} : silent;

const stripe: ProviderDefinition = {
  ...stripeDefinition,
  webhooks: { ...stripeDefinition.webhooks, default: { ...stripeDefinition.webhooks["default"]!, mode: "queue" } },
};
/** Slack declares its 3 s acknowledgement budget, as providers/slack/webhook.yaml does. */
const slack: ProviderDefinition = {
  ...slackDefinition,
  delivery: { timeoutSeconds: 3 },
  webhooks: { default: { ...slackDefinition.webhooks["default"]!, mode: "auto" } },
};

const client = new Redis({ host: REDIS_HOST, port: REDIS_PORT });
const location = { connection: { host: REDIS_HOST, port: REDIS_PORT }, name: "webhooks", prefix: run, leaseMs };

type Flags = { hang?: boolean; sleepMs?: number };
async function handle(id: string, flags: Flags): Promise<{ ranOn: number }> {
  await client.incr(`${run}:calls:${id}`);
  if (hang && flags.hang === true) await new Promise(() => undefined); // killed here
  if (flags.sleepMs !== undefined) await new Promise((resolve) => setTimeout(resolve, flags.sleepMs));
  await client.hset(`${run}:ranOn`, id, String(process.pid));
  await client.incr(`${run}:runs:${id}`);
  return { ranOn: process.pid };
}

const registry = new WebhookRegistry().register(stripe).register(slack);
registry.createProcessor("stripe").on("payment_intent.succeeded", (event) => handle(event.id, (event.payload as { data: { object: Flags } }).data.object));
registry.createProcessor("slack").on("app_mention", (event) => handle(event.id, (event.payload as { event: Flags }).event));

if (role === "worker") {
  const worker = await createWebhookWorker({ ...location, registry, logger, concurrency, lockDurationMs: lockMs, stalledIntervalMs: 1_000, busyRetryMs: 300 });
  await worker.ready();
  worker.closeOnSignal({ signals: ["SIGTERM"], onDone: () => void client.quit().finally(() => process.exit(0)) });
  process.stdout.write("ready\n");
} else {
  const queue = await createWebhookQueue({ ...location, attempts: 3, backoff: { type: "fixed", delayMs: 100 } });
  const app = express();
  expressWebhookRoutes(
    app,
    [
      { provider: "stripe", webhook: "default", path: "/webhooks/stripe/" },
      { provider: "slack", webhook: "default", path: "/webhooks/slack/events" },
    ],
    {
      registry,
      env: fixtureEnv,
      logger,
      dedupe: new RedisDedupeStore({ redis: commands(client), prefix: `${run}:dedupe:` }),
      queue: { queue },
    },
  );
  const server = app.listen(0, REDIS_HOST, () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
}
