import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { sign as signGitHub } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureEnv, githubDefinition, SECRETS } from "../../test/fixtures/definitions.js";
import { createCrypto } from "./crypto/index.js";
import { createWebhookHandler, withNotFound } from "./pipeline.js";
import { WebhookRegistry } from "./registry.js";
import { BodyTimeoutError, BodyTooLargeError } from "./types.js";
import { GitHubVerifier } from "./verifiers/github.js";
import { fromWebRequest, readWebBody, toWebResponse } from "./web.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function stream(chunks: readonly string[], stallAfter = Number.POSITIVE_INFINITY): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i >= stallAfter) return new Promise<void>(() => {}); // never delivers the rest
      if (i >= chunks.length) controller.close();
      else controller.enqueue(new TextEncoder().encode(chunks[i++]!));
      return undefined;
    },
  });
}

describe("readWebBody", () => {
  it("joins chunks, and answers an absent body with no bytes", async () => {
    expect(new TextDecoder().decode(await readWebBody(stream(["ab", "cd", "e"]), 5, 1000))).toBe("abcde");
    expect((await readWebBody(null, 5, 1000)).byteLength).toBe(0);
  });

  it("rejects past the limit and at the deadline", async () => {
    await expect(readWebBody(stream(["abc", "def"]), 5, 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
    await expect(readWebBody(stream(["abc"], 1), 100, 50)).rejects.toBeInstanceOf(BodyTimeoutError);
  });
});

describe("fromWebRequest / toWebResponse", () => {
  it("maps path (without query), lower-case headers, method and peer", () => {
    const req = fromWebRequest(
      new Request("https://example.com/webhooks/github/?x=1", { method: "POST", headers: { "X-GitHub-Event": "push" }, body: "{}" }),
      { remoteAddress: "192.0.2.1" },
    );
    expect(req).toMatchObject({ method: "POST", path: "/webhooks/github/", remoteAddress: "192.0.2.1" });
    expect(req.headers["x-github-event"]).toBe("push");
    expect(fromWebRequest(new Request("http://h")).path).toBe("/");
  });

  it("reads the platform's parsed headers when given them, the body (and its declared length) still from the request", async () => {
    const request = new Request("http://h/x", { method: "POST", headers: { "x-github-event": "from-request" }, body: "abcd" });
    const req = fromWebRequest(request, { headers: { "x-github-event": "push", "content-length": "4" } });
    expect(req.headers["x-github-event"]).toBe("push");
    expect(new TextDecoder().decode(await req.readBody(10, 1000))).toBe("abcd");
    // The declared length read from those headers decides the path: over the limit, refused.
    const over = fromWebRequest(new Request("http://h/x", { method: "POST", body: "abcdef" }), { headers: { "content-length": "6" } });
    await expect(over.readBody(5, 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("reads a declared-length body whole (arrayBuffer), and still meets the deadline and the limit", async () => {
    const declared = (chunks: readonly string[], length: number, stallAfter?: number) =>
      new Request("http://h/x", { method: "POST", headers: { "content-length": String(length) }, body: stream(chunks, stallAfter), duplex: "half" } as RequestInit);
    expect(new TextDecoder().decode(await fromWebRequest(declared(["ab", "cd"], 4)).readBody(10, 1000))).toBe("abcd");
    await expect(fromWebRequest(declared(["ab"], 4, 1)).readBody(10, 50)).rejects.toBeInstanceOf(BodyTimeoutError);
    // A declared length that lies low is no licence to exceed the limit.
    await expect(fromWebRequest(declared(["abcdef", "ghij"], 4)).readBody(5, 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
    // Over the limit as declared, or not a number: the streaming reader, limit enforced while reading.
    await expect(fromWebRequest(declared(["abcdef"], 6)).readBody(5, 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("writes status, headers and body", async () => {
    const res = toWebResponse({ status: 409, headers: { "content-type": "application/json", "retry-after": "5" }, body: '{"a":1}' });
    expect(res.status).toBe(409);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toEqual({ a: 1 });
  });
});

describe("the pipeline behind a fetch-style handler, over real HTTP, verifying with Web Crypto", () => {
  const registry = new WebhookRegistry().register(githubDefinition);
  const received: string[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const processor = registry.createProcessor("github");
    // Web Crypto, as on Workers: the verifier answers with a promise, which the pipeline awaits.
    processor.verifier = new GitHubVerifier({ crypto: createCrypto({ node: undefined }) });
    processor.on("push", (event) => void received.push(event.id));
    const handle = withNotFound(createWebhookHandler([{ provider: "github", webhook: "default", path: "/webhooks/github" }], { registry, env: fixtureEnv, logger: silent }));
    const fetchHandler = async (request: Request, remoteAddress: string | undefined) => toWebResponse(await handle(fromWebRequest(request, { remoteAddress })));
    server = createServer((req: IncomingMessage, res) => {
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers: req.headers as Record<string, string>,
        ...(req.method === "POST" ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
      } as RequestInit);
      void fetchHandler(request, req.socket.remoteAddress).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
    server.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("processes a delivery signed by @octokit/webhooks-methods, refuses a tampered one, dedupes a replay", async () => {
    const body = JSON.stringify({ ref: "refs/heads/main", after: "abc" });
    const headers = { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": "web-1", "x-hub-signature-256": await signGitHub(SECRETS.github, body) };
    const ok = await fetch(`${base}/webhooks/github`, { method: "POST", headers, body });
    expect([ok.status, await ok.json()]).toEqual([200, { status: "processed" }]);
    const tampered = await fetch(`${base}/webhooks/github`, { method: "POST", headers, body: body.replace("abc", "abd") });
    expect(tampered.status).toBe(401);
    const replay = await fetch(`${base}/webhooks/github`, { method: "POST", headers: { ...headers, "x-github-delivery": "web-2" }, body });
    expect([replay.status, await replay.json()]).toEqual([200, { status: "duplicate" }]);
    expect(received).toEqual(["web-1"]);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });
});
