/**
 * The core contract in web-standard terms: a fetch `Request` becomes a {@link WebhookRequest}, a
 * {@link WebhookResponse} becomes a `Response`. Adapters for fetch-based runtimes (Bun, Deno,
 * Workers, Next.js route handlers, Hono) are these two calls around the pipeline. No Node API
 * is used here.
 */
import { concatBytes } from "./crypto/index.js";
import { BodyTimeoutError, BodyTooLargeError, type HeaderBag, type WebhookRequest, type WebhookResponse } from "./types.js";

/** What the platform knows about the connection, which a `Request` does not carry. */
export interface WebRequestInfo {
  /** The TCP peer address, when the platform exposes it (e.g. Bun's `server.requestIP`). */
  readonly remoteAddress?: string | undefined;
}

/** Reads `body` to the end within `limit` bytes and `timeoutMs`, cancelling the stream otherwise. */
export async function readWebBody(body: ReadableStream<Uint8Array> | null, limit: number, timeoutMs: number): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw new BodyTooLargeError(limit);
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {}); // the rest of the upload is not wanted
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}

/** A fetch `Request` as the pipeline sees it. Header names come lower-cased from `Headers`. */
export function fromWebRequest(request: Request, info: WebRequestInfo = {}): WebhookRequest {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const url = request.url;
  // The path without origin or query; `new URL` per request is avoidable for absolute URLs.
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const query = url.indexOf("?", start);
  return {
    method: request.method,
    path: start === -1 ? "/" : url.slice(start, query === -1 ? undefined : query),
    headers: headers satisfies HeaderBag,
    remoteAddress: info.remoteAddress,
    readBody: (limit, timeoutMs) => readRequestBody(request, headers["content-length"], limit, timeoutMs),
  };
}

/**
 * With a declared length (the pipeline has already refused one over the limit, and HTTP framing
 * holds the body to it) `arrayBuffer()` is used: runtimes fill it natively, where a stream reader
 * costs a promise and a chunk object per read (on @hono/node-server it also builds a web stream,
 * measured at a quarter of the request's CPU). Without one (chunked) the stream is read with the
 * limit enforced while reading.
 */
async function readRequestBody(request: Request, declared: string | undefined, limit: number, timeoutMs: number): Promise<Uint8Array> {
  // `request.body` is not touched on this path: on @hono/node-server reading it builds a full
  // web stream, which is the cost this path avoids.
  if (declared === undefined || !/^\d+$/.test(declared) || Number(declared) > limit) {
    return readWebBody(request.body, limit, timeoutMs);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reading = request.arrayBuffer();
  // If the deadline wins, the read may still fail later (the peer goes away): not unhandled.
  reading.catch(() => {});
  try {
    const buffer = await Promise.race([
      reading,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new BodyTimeoutError(timeoutMs)), timeoutMs);
      }),
    ]);
    if (buffer.byteLength > limit) throw new BodyTooLargeError(limit);
    return new Uint8Array(buffer);
  } finally {
    clearTimeout(timer);
  }
}

/** A pipeline answer as a fetch `Response`. */
export function toWebResponse(response: WebhookResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}
