// A plain node:http server: the generated listener answers the webhook paths and hands every
// other request to the app's own JSON routes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createWebhookListener } from "../../generated/routes/node.js";
import "../shared/webhook_handlers.js";

async function appRoutes(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "POST" && req.url === "/echo") {
    let text = "";
    for await (const chunk of req) text += String(chunk);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ parsed: JSON.parse(text) as unknown }));
    return;
  }
  res.statusCode = 404;
  res.end();
}

/** Builds the example server (not listening). */
export function createApp(): Server {
  const webhooks = createWebhookListener();
  return createServer((req, res) => webhooks(req, res, () => void appRoutes(req, res)));
}
