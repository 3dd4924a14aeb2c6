// A fetch-style app (the shape Bun, Deno and Cloudflare Workers serve): webhook paths go to the
// generated handler, the rest to the app. Runs unchanged where node:crypto is absent.
import { handleWebhook } from "../../generated/routes/fetch.js";
import "../shared/webhook_handlers.js";

/** The app's own routes. */
async function app(request: Request): Promise<Response> {
  if (request.method === "POST" && new URL(request.url).pathname === "/echo") {
    return Response.json({ parsed: (await request.json()) as unknown });
  }
  return new Response(null, { status: 404 });
}

/** `export default { fetch }` is what Bun, Deno (`deno serve`) and Workers expect. */
export default {
  fetch(request: Request): Promise<Response> {
    return new URL(request.url).pathname.startsWith("/webhooks/") ? handleWebhook(request) : app(request);
  },
};
