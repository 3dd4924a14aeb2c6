// Not part of a real app: shows what the handlers received, for the e2e test.
import type { IncomingMessage, ServerResponse } from "node:http";
import { received } from "@/webhook_handlers";

/** GET /api/received: every line the handlers recorded, in order. */
export default function handler(_req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(received()));
}
