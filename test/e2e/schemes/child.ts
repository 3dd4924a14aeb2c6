/**
 * The fetch handler over the YAML scheme fixtures where node:crypto is hidden (run with
 * test/e2e/no-node-crypto/hide-node-crypto.mjs): reads `{ env, deliveries }` as one JSON line on
 * stdin, reports its crypto backend, then answers each delivery with `{ status, body }`.
 */
import { fetchWebhookHandler } from "../../../src/adapters/fetch.js";
import { defaultCrypto } from "../../../src/runtime/crypto/index.js";
import { wireRegistry } from "./definitions.js";
import type { WireDelivery } from "../no-node-crypto/vectors.js";

let input = "";
for await (const chunk of process.stdin) input += String(chunk);
const { env, deliveries } = JSON.parse(input) as { env: Record<string, string>; deliveries: WireDelivery[] };
const { registry, routes } = wireRegistry();
const handle = fetchWebhookHandler(routes, { registry, env, dedupe: false, logger: { debug() {}, info() {}, warn() {}, error() {} } });
process.stdout.write(`${JSON.stringify({ backend: defaultCrypto.kind })}\n`);
for (const d of deliveries) {
  const response = await handle(new Request(`http://127.0.0.1${d.path}`, { method: "POST", headers: d.headers, body: Buffer.from(d.body, "base64") }), { remoteAddress: "127.0.0.1" });
  process.stdout.write(`${JSON.stringify({ status: response.status, body: await response.text() })}\n`);
}
