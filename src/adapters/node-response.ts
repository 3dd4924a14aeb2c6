/**
 * Writing a pipeline answer to a Node `ServerResponse`, for every Node-based adapter (node:http,
 * Express, NestJS, Next.js Pages).
 */
import type { ServerResponse } from "node:http";
import type { WebhookResponse } from "../runtime/types.js";

/**
 * Writes `response` in one `writeHead`, with its Content-Length: a `setHeader` per header cost
 * ~1.5 µs more per delivery under load (header validation and the header map, in CPU profiles of
 * the node:http bench), and without a length `writeHead` would choose chunked encoding. Headers
 * the app set before (CORS middleware, say) are kept: `writeHead` merges over them.
 */
export function sendNodeResponse(res: ServerResponse, response: WebhookResponse): void {
  res.writeHead(response.status, { ...response.headers, "content-length": String(Buffer.byteLength(response.body)) });
  res.end(response.body);
}
