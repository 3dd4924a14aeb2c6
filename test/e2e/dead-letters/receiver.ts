/**
 * A child process for test/e2e/dead-letters-redis.test.ts: an Express app whose Stripe webhook
 * has no handler, keeping dead letters in Redis. Prints `listening <port>` once it accepts
 * requests; the test then kills it (SIGKILL, no clean shutdown) to prove the entry outlives it.
 * Env: DEAD_LETTER_PREFIX (the store's key prefix), STRIPE_WEBHOOK_SECRET.
 */
import type { AddressInfo } from "node:net";
import express from "express";
import { Redis } from "ioredis";
import { expressWebhookRoutes } from "../../../src/adapters/express.js";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import { RedisDeadLetterStore } from "../../../src/runtime/stores/redis-dead-letters.js";
import { stripeDefinition } from "../../fixtures/definitions.js";
import { commands, REDIS_HOST, REDIS_PORT } from "../../fixtures/redis.js";

const prefix = process.env["DEAD_LETTER_PREFIX"];
if (prefix === undefined) throw new Error("DEAD_LETTER_PREFIX is not set");

const client = new Redis({ host: REDIS_HOST, port: REDIS_PORT });
const registry = new WebhookRegistry().register(stripeDefinition); // no handlers: every delivery is a dead letter
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const app = express();
expressWebhookRoutes(app, [{ provider: "stripe", webhook: "default", path: "/webhooks/stripe/" }], {
  registry,
  logger: silent,
  deadLetters: new RedisDeadLetterStore({ redis: commands(client), prefix }),
});
const server = app.listen(0, REDIS_HOST, () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
