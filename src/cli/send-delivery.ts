/**
 * The HTTP half of `test-webhook`: where to post, and the answer reduced to one printable line.
 */

/** The server's answer: status and its body on one line. */
export interface DeliveryResponse {
  readonly status: number;
  readonly body: string;
}

const TIMEOUT_MS = 30_000;
const MAX_BODY_CHARS = 500;

/** `http://host:3000` + `/webhooks/stripe/` → `http://host:3000/webhooks/stripe/`, keeping a base path prefix. */
export function webhookUrl(base: string, path: string): string {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`--url ${JSON.stringify(base)} is not a URL; e.g. http://localhost:3000`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`--url must be http(s), got ${url.protocol}`);
  url.pathname = url.pathname.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`);
  url.search = "";
  url.hash = "";
  return url.href;
}

/** POSTs the delivery. A connection failure throws (the CLI exits 2); any HTTP answer resolves. */
export async function postDelivery(url: string, body: Uint8Array, headers: Readonly<Record<string, string>>): Promise<DeliveryResponse> {
  let response: Response;
  try {
    // No redirects: providers do not follow them either, so a redirect is an answer to report.
    response = await fetch(url, { method: "POST", body, headers, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new Error(`cannot reach ${url}: ${describeFetchError(error)} — is the server running?`);
  }
  return { status: response.status, body: oneLine(await response.text()) };
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${TIMEOUT_MS / 1000} s`;
  // undici wraps the socket error: `fetch failed` with cause ECONNREFUSED / ENOTFOUND / …
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_BODY_CHARS ? `${flat.slice(0, MAX_BODY_CHARS)}…` : flat;
}
