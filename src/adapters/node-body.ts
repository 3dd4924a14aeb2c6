/**
 * Reading a Node `IncomingMessage` body with a size limit, for the Node-based adapters.
 */
import type { IncomingMessage } from "node:http";
import { armDeadline } from "../runtime/deadline.js";
import { BodyTimeoutError, BodyTooLargeError, RawBodyUnavailableError } from "../runtime/types.js";

/**
 * True when someone else already read (or is reading) the stream, so its bytes are gone for us.
 * A fresh stream is neither ended nor flowing.
 */
export function isStreamConsumed(req: IncomingMessage): boolean {
  return req.readableEnded || req.readableFlowing === true || (req.complete && !req.readable);
}

/**
 * Reads `req` to the end, rejecting with {@link BodyTooLargeError} as soon as more than `limit`
 * bytes arrived and with {@link BodyTimeoutError} when the body has not fully arrived within
 * `timeoutMs`. Either way the rest of the upload is discarded rather than buffered, so the client
 * can still receive the 413 or 408 (whose `Connection: close` ends the exchange).
 */
export function readNodeBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Uint8Array> {
  if (isStreamConsumed(req)) {
    return Promise.reject(new RawBodyUnavailableError("the request stream was already consumed"));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const deadline = armDeadline(timeoutMs, onTimeout);
    const cleanup = (): void => {
      deadline.cancel();
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    function giveUp(error: Error): void {
      cleanup();
      chunks.length = 0;
      req.on("error", () => {}); // a reset after we gave up is expected, not a crash
      req.resume(); // drain and discard
      reject(error);
    }
    function onTimeout(): void {
      giveUp(new BodyTimeoutError(timeoutMs));
    }
    function onData(chunk: Buffer | string): void {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limit) {
        giveUp(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(buf);
    }
    function onEnd(): void {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    }
    function onError(error: Error): void {
      cleanup();
      reject(error);
    }
    function onClose(): void {
      if (req.readableEnded) return;
      cleanup();
      reject(new Error("request aborted before its body was read"));
    }
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}
