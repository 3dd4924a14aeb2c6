/**
 * JSON responses of the pipeline. Every answer is JSON with `content-type: application/json`.
 */
import type { WebhookResponse } from "./types.js";

const JSON_HEADERS = Object.freeze({ "content-type": "application/json" } as const);

/** Builds a JSON response; `headers` are merged over the JSON content type. */
export function json(
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): WebhookResponse {
  return {
    status,
    headers: headers === undefined ? JSON_HEADERS : { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

/** Whole seconds for a Retry-After header: rounded up, at least 1. */
export function retryAfterSeconds(ms: number): string {
  // A bucket that never refills yields Infinity; an hour is a sane upper bound to tell a client.
  return String(Number.isFinite(ms) ? Math.max(1, Math.ceil(ms / 1000)) : 3600);
}

/** {@link json}, frozen: the answers below are shared by every delivery (and adapters cache what they derive from them). */
function frozen(status: number, body: unknown, headers?: Readonly<Record<string, string>>): WebhookResponse {
  const response = json(status, body, headers);
  Object.freeze(response.headers);
  return Object.freeze(response);
}

// Frozen answers reused on the hot path; their bodies are part of the public contract.
/** 404 for a path that is not a webhook route (only from handlers that own all traffic). */
export const NOT_FOUND = frozen(404, { error: "not found" });
/** 405 for any method but POST. */
export const METHOD_NOT_ALLOWED = frozen(405, { error: "method not allowed" }, { allow: "POST" });
/** 403 when the client IP is outside the allowlist. */
export const FORBIDDEN = frozen(403, { error: "forbidden" });
// The rest of an oversized or stalled upload is unread; keeping the connection would desync it.
/** 413 when the body exceeds the webhook's limit. */
export const TOO_LARGE = frozen(413, { error: "payload too large" }, { connection: "close" });
/** 408 when the body did not arrive within the read deadline. */
export const BODY_TIMEOUT = frozen(408, { error: "request body timeout" }, { connection: "close" });
/** 401 for any signature failure; the reason only goes to the debug log. */
export const INVALID_SIGNATURE = frozen(401, { error: "invalid signature" });
/** 400 when the body does not parse. */
export const BAD_REQUEST = frozen(400, { error: "invalid body" });
/** 200 for unknown or unsubscribed event types. */
export const IGNORED = frozen(200, { status: "ignored" });
/** 200 for a delivery already processed. */
export const DUPLICATE = frozen(200, { status: "duplicate" });
/** 200 when handlers returned nothing. */
export const PROCESSED = frozen(200, { status: "processed" });
/** 500 when a handler or middleware threw; no details leak. */
export const HANDLER_FAILED = frozen(500, { error: "handler failed" });
/** 500 for a webhook that cannot run as configured (e.g. its secret is missing). */
export const MISCONFIGURED = frozen(500, { error: "webhook misconfigured" });
/** 500 for anything unexpected inside the pipeline. */
export const INTERNAL_ERROR = frozen(500, { error: "internal error" });
