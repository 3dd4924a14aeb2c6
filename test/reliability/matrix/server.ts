/**
 * One server process of the Redis matrix (test/reliability/redis-matrix.test.ts):
 * `node --import tsx server.ts <json MatrixServerConfig>`. Prints `READY <port>`, and after
 * SIGTERM drains (503 shutting down to new deliveries, in-flight ones finish) and prints
 * `DRAINED <json>` before exiting.
 *
 * Every handler run is counted through a side channel — `HINCRBY <sidePrefix>runs <event id> 1`
 * on the shared Redis at 127.0.0.1:6379, which stays up when the pipeline's own Redis is stopped
 * — so the test counts runs, not our answers.
 *
 * `mode` picks how deliveries are handled; a new mode (e.g. a queue hand-off with workers in other
 * processes) is one more case in {@link handlerOptions} and one more entry in matrix/modes.ts.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { nodeWebhookListener } from "../../../src/adapters/node.js";
import { shutdownOnSignal, WebhookLifecycle } from "../../../src/runtime/lifecycle.js";
import type { PipelineOptions } from "../../../src/runtime/pipeline.js";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import { RedisDedupeStore } from "../../../src/runtime/stores/redis.js";
import { fixtureEnv, stripeDefinition } from "../../fixtures/definitions.js";
import { commands } from "../../fixtures/redis.js";
import type { MatrixServerConfig } from "./modes.js";

const config = JSON.parse(process.argv[2] ?? "{}") as MatrixServerConfig;

// The pipeline's Redis fails fast while it is down (no offline queue, no per-command retries), so
// a delivery that cannot be claimed is answered 503 at once; the client reconnects by itself.
const redis = new Redis({ host: "127.0.0.1", port: config.redisPort, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 50 });
redis.on("error", () => {});
// The side channel must not lose a count: default retries and offline queue.
const side = new Redis({ host: "127.0.0.1", port: 6379 });

const registry = new WebhookRegistry().register(stripeDefinition);
registry.createProcessor("stripe").on("*", async (event) => {
  await side.hincrby(`${config.sidePrefix}runs`, event.id, 1);
  if (config.handlerMs > 0) await new Promise((resolve) => setTimeout(resolve, config.handlerMs));
});

/** The pipeline options of each mode. */
function handlerOptions(mode: MatrixServerConfig["mode"]): PipelineOptions {
  switch (mode) {
    case "inline":
      return { dedupe: new RedisDedupeStore({ redis: commands(redis), prefix: `${config.prefix}dedupe:` }) };
  }
}

const lifecycle = new WebhookLifecycle();
const listener = nodeWebhookListener([{ provider: "stripe", webhook: "default", path: "/webhooks/stripe/" }], {
  ...handlerOptions(config.mode),
  registry,
  env: fixtureEnv,
  lifecycle,
  failedVerificationBudget: false,
  // The default logger (debug, DEBUG set by the test) or none: 50,000 debug lines would cost more than the row.
  ...(config.debug ? {} : { logger: { debug() {}, info() {}, warn() {}, error() {} } }),
});

// READY only once both connections are up: the first delivery must not race the connect.
await Promise.all([redis, side].map((c) => new Promise<void>((resolve) => (c.status === "ready" ? resolve() : c.once("ready", () => resolve())))));
const server = createServer({ keepAlive: true }, listener).listen(0, "127.0.0.1", () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
shutdownOnSignal({
  lifecycle,
  servers: [server],
  onDone: (result) => {
    process.stdout.write(`DRAINED ${JSON.stringify(result)}\n`);
    redis.disconnect();
    void side.quit().finally(() => process.exit(result.abandoned === 0 ? 0 : 1));
  },
});
