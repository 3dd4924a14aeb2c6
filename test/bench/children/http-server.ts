/** `node --import tsx http-server.ts <target id>`: prints `READY <port>` or `UNAVAILABLE <reason>`. */
import type { AddressInfo } from "node:net";
import { HTTP_TARGETS } from "../lib/http-targets.js";

const target = HTTP_TARGETS.find((t) => t.id === process.argv[2]);
if (!target) {
  console.log(`UNAVAILABLE unknown target ${process.argv[2]}`);
  process.exit(0);
}
try {
  const server = await target.start();
  if (typeof server === "string") {
    console.log(`UNAVAILABLE ${server}`);
    process.exit(0);
  }
  console.log(`READY ${(server.address() as AddressInfo).port}`);
} catch (err) {
  console.log(`UNAVAILABLE ${err instanceof Error ? err.message : String(err)}`);
  process.exit(0);
}
