/**
 * The shared adapter cases against the fetch adapter, served through node:http by a tiny bridge
 * that hands the socket peer over as `remoteAddress` (as Bun's `server.requestIP` would).
 */
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { fetchWebhookHandler } from "../../../src/adapters/fetch.js";
import { listen, runAdapterCases } from "./cases.js";

runAdapterCases("fetch", "not_found", async (s) => {
  const handle = fetchWebhookHandler(s.routes, s.options);
  const server = createServer((req, res) => {
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
      method: req.method ?? "GET",
      headers: req.headers as Record<string, string>,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
    } as RequestInit);
    void handle(request, { remoteAddress: req.socket.remoteAddress }).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  return { base: await listen(server), close: () => new Promise((resolve) => server.close(() => resolve())) };
});

describe("fetch adapter portability", () => {
  it("imports no node: module (it must load on Bun, Deno and Workers)", async () => {
    const source = await readFile(new URL("../../../src/adapters/fetch.ts", import.meta.url), "utf8");
    expect(source).not.toMatch(/from\s+["']node:|import\(\s*["']node:/);
  });
});
