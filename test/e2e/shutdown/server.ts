/**
 * `node --import tsx server.ts <handlerMs>`: a node:http instance with a graceful-shutdown
 * lifecycle; prints `READY <port>`, then `HANDLED <delivery id>` per handler run, and exits after
 * SIGTERM once drained.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { nodeWebhookListener } from "../../../src/adapters/node.js";
import { shutdownOnSignal, WebhookLifecycle } from "../../../src/runtime/lifecycle.js";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import { fixtureEnv, githubDefinition } from "../../fixtures/definitions.js";

const handlerMs = Number(process.argv[2] ?? "100");
const registry = new WebhookRegistry().register(githubDefinition);
registry.createProcessor("github").on("*", async (event) => {
  await new Promise((resolve) => setTimeout(resolve, handlerMs));
  process.stdout.write(`HANDLED ${event.id}\n`);
});
const lifecycle = new WebhookLifecycle();
const listener = nodeWebhookListener([{ provider: "github", webhook: "default", path: "/webhooks/github" }], {
  registry,
  env: fixtureEnv,
  lifecycle,
  failedVerificationBudget: false,
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});
const server = createServer(listener).listen(0, "127.0.0.1", () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
shutdownOnSignal({
  lifecycle,
  servers: [server],
  onDone: (result) => {
    process.stdout.write(`DRAINED ${JSON.stringify(result)}\n`);
    process.exit(result.abandoned === 0 ? 0 : 1);
  },
});
