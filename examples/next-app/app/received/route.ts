// Not part of a real app: shows what the handlers received, for the e2e test.
import { received } from "@/webhook_handlers";

export const dynamic = "force-dynamic";

/** GET /received: every line the handlers recorded, in order. */
export function GET(): Response {
  return Response.json(received());
}
