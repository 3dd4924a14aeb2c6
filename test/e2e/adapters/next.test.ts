/**
 * The shared adapter cases against the Next.js handlers, one handler per route as Next's file
 * routing mounts them, in a tiny node:http server standing in for Next's router: the table's
 * recording registry lives in this process, which `next start` cannot share. test/e2e/next.test.ts
 * runs real `next build` / `next start` apps.
 *
 * - Pages Router: `nextPagesRoute` gets the Node request itself, as Next hands it to an API route
 *   with `bodyParser: false`.
 * - App Router: the request becomes a fetch `Request`, as Next does. Next gives route handlers no
 *   socket, so the bridge plays a platform that overwrites `x-real-ip` with the peer, and the
 *   handler reads it through the `remoteAddress` option.
 *
 * Paths no route claims get the pipeline's JSON 404 from the bridge (Next would answer its own
 * 404 page).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { nextAppRoute, nextPagesRoute } from "../../../src/adapters/next.js";
import { normalizePath, type WebhookRoute } from "../../../src/runtime/routes.js";
import { listen, runAdapterCases, type Setup } from "./cases.js";

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A server routing each request to the handler of its route, by path, like Next's file routing. */
async function routed(s: Setup, handlerOf: (route: WebhookRoute) => NodeHandler) {
  const handlers = new Map(s.routes.map((route) => [normalizePath(route.path), handlerOf(route)]));
  const server = createServer((req, res) => {
    const handler = handlers.get(normalizePath(req.url ?? "/"));
    if (handler !== undefined) return void handler(req, res);
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
  });
  return { base: await listen(server), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

runAdapterCases("next pages router", "not_found", (s) => routed(s, (route) => nextPagesRoute(route, s.options)));

runAdapterCases("next app router", "not_found", (s) =>
  routed(s, (route) => {
    const POST = nextAppRoute(route, { ...s.options, remoteAddress: (request) => request.headers.get("x-real-ip") ?? undefined });
    return async (req, res) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      headers.set("x-real-ip", req.socket.remoteAddress ?? ""); // overwritten, never the client's own
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
      } as RequestInit);
      const response = await POST(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    };
  }),
);
