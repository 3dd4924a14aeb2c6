/**
 * `node --import tsx http-server.ts <target id> <stage>` (with childEnv(), usually under
 * `taskset -c 0`): prints `READY <port>` or `UNAVAILABLE <reason>`, then serves until killed.
 */
import type { AddressInfo } from "node:net";
import { HTTP_TARGETS } from "../lib/http-targets.js";

const [id, stage] = process.argv.slice(2);
const target = HTTP_TARGETS.find((t) => t.id === id);
if (!target || !stage) {
  console.log(`UNAVAILABLE unknown target ${id} or no stage folder`);
  process.exit(0);
}
try {
  const server = await target.start(stage);
  if (typeof server === "string") {
    console.log(`UNAVAILABLE ${server}`);
    process.exit(0);
  }
  console.log(`READY ${(server.address() as AddressInfo).port}`);
} catch (err) {
  console.log(`UNAVAILABLE ${err instanceof Error ? err.message : String(err)}`);
  process.exit(0);
}
