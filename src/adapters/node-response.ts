/**
 * Writing a pipeline answer to a Node `ServerResponse`, for every Node-based adapter (node:http,
 * Express, NestJS, Next.js Pages).
 */
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { WebhookResponse } from "../runtime/types.js";

/** Node header objects of the pipeline's frozen, reused answers (respond.ts), built once each. */
const headersOfFrozen = new WeakMap<WebhookResponse, OutgoingHttpHeaders>();

function nodeHeaders(response: WebhookResponse): OutgoingHttpHeaders {
  let headers = headersOfFrozen.get(response);
  if (headers !== undefined) return headers;
  headers = { ...response.headers, "content-length": Buffer.byteLength(response.body) };
  if (Object.isFrozen(response)) headersOfFrozen.set(response, headers);
  return headers;
}

/**
 * Writes `response` in one `writeHead`, with its Content-Length: a `setHeader` per header cost
 * ~1.5 µs more per delivery under load (header validation and the header map, in CPU profiles of
 * the node:http bench), and without a length `writeHead` would choose chunked encoding. Headers
 * the app set before (CORS middleware, say) are kept: `writeHead` merges over them, copying, so
 * the header object of a frozen answer is built once and shared.
 */
export function sendNodeResponse(res: ServerResponse, response: WebhookResponse): void {
  res.writeHead(response.status, nodeHeaders(response));
  res.end(response.body);
}
