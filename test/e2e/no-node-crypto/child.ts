/**
 * Runs the fetch adapter where node:crypto is unavailable (see hide-node-crypto.mjs): reads
 * deliveries as JSON lines on stdin, answers each with `{ status, body }` on stdout, and first
 * reports which crypto backend the runtime picked.
 */
import { createInterface } from "node:readline";
import { fetchWebhookHandler } from "../../../src/adapters/fetch.js";
import { defaultCrypto } from "../../../src/runtime/crypto/index.js";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import { fixtureEnv, githubDefinition, slackDefinition, stripeDefinition } from "../../fixtures/definitions.js";
import { VECTOR_ROUTES, type WireDelivery, type WireAnswer } from "./vectors.js";

const registry = new WebhookRegistry().register(stripeDefinition).register(githubDefinition).register(slackDefinition);
for (const route of VECTOR_ROUTES) registry.processorFor(route.provider, route.webhook).on("*", (event) => ({ handled: event.type }));
const handle = fetchWebhookHandler(VECTOR_ROUTES, { registry, env: fixtureEnv, dedupe: false, logger: { debug() {}, info() {}, warn() {}, error() {} } });

process.stdout.write(`${JSON.stringify({ backend: defaultCrypto.kind })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "") continue;
  const delivery = JSON.parse(line) as WireDelivery;
  const response = await handle(
    new Request(`http://127.0.0.1${delivery.path}`, { method: "POST", headers: delivery.headers, body: Buffer.from(delivery.body, "base64") }),
    { remoteAddress: "127.0.0.1" },
  );
  const answer: WireAnswer = { status: response.status, body: await response.text() };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
