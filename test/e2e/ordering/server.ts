/**
 * `node --import tsx server.ts <json config>`: one node:http instance receiving Stripe with
 * `ordering: per_object`, its dedupe, ordering and dead-letter stores on Redis under the
 * config's prefix, so several instances share them. Each handler run is recorded through a side
 * channel (an RPUSH onto `<prefix>dispatched`, `<event id> <created>`), not through our answers.
 * Prints `READY <port>`.
 *
 * Config: `{ prefix, redisPort, dedupe }`; `dedupe: false` leaves only the ordering store on
 * Redis (how the test shows an unreachable ordering store is answered 503).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { nodeWebhookListener } from "../../../src/adapters/node.js";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import { RedisDeadLetterStore } from "../../../src/runtime/stores/redis-dead-letters.js";
import { RedisDedupeStore } from "../../../src/runtime/stores/redis.js";
import { RedisOrderingStore } from "../../../src/runtime/stores/redis-ordering.js";
import { fixtureEnv } from "../../fixtures/definitions.js";
import { commands } from "../../fixtures/redis.js";
import { orderedStripeDefinition } from "./definition.js";

const config = JSON.parse(process.argv[2] ?? "{}") as { prefix: string; redisPort: number; dedupe: boolean };
// Fail fast when Redis is gone (no offline queue, no retries per command): the pipeline answers 503.
const client = new Redis({ host: "127.0.0.1", port: config.redisPort, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 500 });
client.on("error", () => {}); // reconnects by itself; each failed command is answered 503
const redis = commands(client);

const registry = new WebhookRegistry().register(orderedStripeDefinition);
registry.createProcessor("stripe").on("*", async (event) => {
  await client.rpush(`${config.prefix}dispatched`, `${event.id} ${event.timestamp.getTime() / 1000}`);
});
const listener = nodeWebhookListener([{ provider: "stripe", webhook: "default", path: "/webhooks/stripe/" }], {
  registry,
  env: fixtureEnv,
  dedupe: config.dedupe ? new RedisDedupeStore({ redis, prefix: `${config.prefix}dedupe:` }) : false,
  ordering: new RedisOrderingStore({ redis, prefix: `${config.prefix}order:` }),
  deadLetters: new RedisDeadLetterStore({ redis, prefix: `{${config.prefix}dl}:` }),
  failedVerificationBudget: false,
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});
// READY only once connected (or known unreachable): a first delivery must not race the connect.
await new Promise<void>((resolve) => {
  client.once("ready", resolve);
  client.once("error", () => resolve());
});
const server = createServer({ keepAlive: true }, listener).listen(0, "127.0.0.1", () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  client.disconnect();
  process.exit(0);
});
