/**
 * The core contract in web-standard terms: a fetch `Request` becomes a {@link WebhookRequest}, a
 * {@link WebhookResponse} becomes a `Response`. Adapters for fetch-based runtimes (Bun, Deno,
 * Workers, Next.js route handlers, Hono) are these two calls around the pipeline. No Node API
 * is used here.
 */
import { concatBytes } from "./crypto/index.js";
import { BodyTimeoutError, BodyTooLargeError, type HeaderBag, type WebhookRequest, type WebhookResponse } from "./types.js";
import { armDeadline } from "./deadline.js";
import { headerBagOf } from "./web-headers.js";

/**
 * On Node one interval can serve every request's body deadline (a timer per request cost ~4.6 µs
 * under load in the Hono bench); Workers and edge runtimes tie a timer to the request that set
 * it, so everywhere else each read keeps its own.
 */
const SHARED_SWEEP = (globalThis as { process?: { release?: { name?: string } } }).process?.release?.name === "node";

/** Calls `reject` with a {@link BodyTimeoutError} after `timeoutMs`, unless cancelled first. */
function armBodyDeadline(timeoutMs: number, reject: (error: BodyTimeoutError) => void): { cancel(): void } {
  const fire = (): void => reject(new BodyTimeoutError(timeoutMs));
  if (SHARED_SWEEP) return armDeadline(timeoutMs, fire);
  const timer = setTimeout(fire, timeoutMs);
  return { cancel: () => clearTimeout(timer) };
}

/** A promise that rejects with {@link BodyTimeoutError} after `timeoutMs`, unless cancelled first. */
function bodyDeadline(timeoutMs: number): { readonly expired: Promise<never>; cancel(): void } {
  let deadline: { cancel(): void } | undefined;
  const expired = new Promise<never>((_, reject) => {
    deadline = armBodyDeadline(timeoutMs, reject);
  });
  return { expired, cancel: () => deadline?.cancel() };
}

/** What the platform knows about the connection, which a `Request` does not carry. */
export interface WebRequestInfo {
  /** The TCP peer address, when the platform exposes it (e.g. Bun's `server.requestIP`). */
  readonly remoteAddress?: string | undefined;
  /**
   * The headers this request arrived with, already parsed by the platform, read instead of
   * `request.headers`: on @hono/node-server, `env.incoming.headers` (Node's lower-cased header
   * object). Each `Headers#get` there is a lookup over the raw header list, ~0.3 µs a header, and
   * the pipeline reads six of them per GitHub delivery.
   */
  readonly headers?: HeaderBag | undefined;
}

/** Reads `body` to the end within `limit` bytes and `timeoutMs`, cancelling the stream otherwise. */
export async function readWebBody(body: ReadableStream<Uint8Array> | null, limit: number, timeoutMs: number): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const deadline = bodyDeadline(timeoutMs);
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline.expired]);
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw new BodyTooLargeError(limit);
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {}); // the rest of the upload is not wanted
    throw error;
  } finally {
    deadline.cancel();
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}

/** A fetch `Request` as the pipeline sees it. Header names come lower-cased from `Headers`. */
export function fromWebRequest(request: Request, info: WebRequestInfo = {}): WebhookRequest {
  const headers = info.headers ?? headerBagOf(request.headers);
  const url = request.url;
  // The path without origin, query or fragment (a Request's URL keeps one); `new URL` per request
  // is avoidable for absolute URLs.
  const start = url.indexOf("/", url.indexOf("//") + 2);
  let end = url.indexOf("#", start);
  if (end === -1) end = url.length;
  let query = url.indexOf("?", start);
  if (query >= end) query = -1;
  return {
    method: request.method,
    path: start === -1 ? "/" : url.slice(start, query === -1 ? end : query),
    // As the platform serialised it: WHATWG URL parsing percent-encodes some query characters (`'`).
    query: query === -1 ? undefined : url.slice(query + 1, end),
    headers,
    remoteAddress: info.remoteAddress,
    readBody: (limit, timeoutMs) => readRequestBody(request, declaredLength(headers["content-length"]), limit, timeoutMs),
  };
}

function declaredLength(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * With a declared length (the pipeline has already refused one over the limit, and HTTP framing
 * holds the body to it) `arrayBuffer()` is used: runtimes fill it natively, where a stream reader
 * costs a promise and a chunk object per read (on @hono/node-server it also builds a web stream,
 * measured at a quarter of the request's CPU). Without one (chunked) the stream is read with the
 * limit enforced while reading.
 */
function readRequestBody(request: Request, declared: string | undefined, limit: number, timeoutMs: number): Promise<Uint8Array> {
  // `request.body` is not touched on this path: on @hono/node-server reading it builds a full
  // web stream, which is the cost this path avoids.
  if (declared === undefined || !/^\d+$/.test(declared) || Number(declared) > limit) {
    return readWebBody(request.body, limit, timeoutMs);
  }
  const reading = request.arrayBuffer();
  // One promise settled by whichever comes first (a `Promise.race` against a deadline promise
  // cost two more promises and their reactions per delivery). A read that fails after the
  // deadline won settles nothing: handled, not unhandled.
  return new Promise((resolve, reject) => {
    const deadline = armBodyDeadline(timeoutMs, reject);
    reading.then(
      (buffer) => {
        deadline.cancel();
        if (buffer.byteLength > limit) reject(new BodyTooLargeError(limit));
        else resolve(new Uint8Array(buffer));
      },
      (error: unknown) => {
        deadline.cancel();
        reject(error);
      },
    );
  });
}

/** A pipeline answer as a fetch `Response`. */
export function toWebResponse(response: WebhookResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}
