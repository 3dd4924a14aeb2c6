/**
 * Handshakes a provider expects the endpoint itself to answer, configured in webhook.yaml: echo a
 * challenge (Slack `url_verification`, Twitch), answer a PING (Discord type 1), or validate the URL
 * with a signed reply (Zoom `endpoint.url_validation`). They run after verification: every one of
 * these providers signs its handshake like any other delivery.
 */
import { bytesToBase64, bytesToHex, defaultCrypto, type CryptoBackend } from "./crypto/index.js";
import { headerText, readPath } from "./extract.js";
import type { HandshakeConfig, HandshakeMatch, HeaderBag } from "./types.js";

/** What to answer a handshake with. */
export interface HandshakeReply {
  readonly status: 200;
  readonly contentType: "application/json" | "text/plain; charset=utf-8";
  readonly body: string;
}

/** The built-in `slack_url_verification` as a generic handshake. */
export const SLACK_URL_VERIFICATION: readonly HandshakeConfig[] = Object.freeze([
  { kind: "challenge", when: { body: "type", equals: "url_verification" }, challenge: "challenge", reply: "json", replyKey: "challenge" },
]);

/** The generic form of a definition's `handshake` (the named built-in expanded). */
export function handshakesOf(handshake: "slack_url_verification" | readonly HandshakeConfig[] | undefined): readonly HandshakeConfig[] {
  return handshake === undefined ? [] : handshake === "slack_url_verification" ? SLACK_URL_VERIFICATION : handshake;
}

function matches(when: HandshakeMatch, payload: unknown, headers: HeaderBag): boolean {
  if (when.header !== undefined && headerText(headers, when.header) !== String(when.equals)) return false;
  if (when.body !== undefined && readPath(payload, when.body) !== when.equals) return false;
  return when.header !== undefined || when.body !== undefined;
}

const json = (value: unknown): HandshakeReply => ({ status: 200, contentType: "application/json", body: JSON.stringify(value) });

/**
 * The reply to the first handshake `payload` (parsed, verified) is, or `undefined` when it is an
 * ordinary delivery. `url_validation` signs with the first (current) secret; its reply is a
 * Promise on Web Crypto. A matching handshake whose challenge or token is missing or not a string
 * is not answered (the delivery goes on as an ordinary, probably unknown, event).
 */
export function answerHandshake(
  handshakes: readonly HandshakeConfig[],
  payload: unknown,
  headers: HeaderBag,
  secrets: readonly string[],
  crypto: CryptoBackend = defaultCrypto,
): HandshakeReply | Promise<HandshakeReply> | undefined {
  for (const h of handshakes) {
    if (!matches(h.when, payload, headers)) continue;
    switch (h.kind) {
      case "challenge": {
        const challenge = readPath(payload, h.challenge);
        if (typeof challenge !== "string") continue;
        return h.reply === "text"
          ? { status: 200, contentType: "text/plain; charset=utf-8", body: challenge }
          : json({ [h.replyKey ?? "challenge"]: challenge });
      }
      case "ping":
        return json(h.reply);
      case "url_validation": {
        const token = readPath(payload, h.token);
        const secret = secrets[0];
        if (typeof token !== "string" || secret === undefined) continue;
        const reply = (mac: Uint8Array): HandshakeReply =>
          json({ [h.plainKey]: token, [h.signedKey]: h.encoding === "hex" ? bytesToHex(mac) : bytesToBase64(mac) });
        const mac = crypto.hmac(h.algorithm, secret, [token]);
        return mac instanceof Uint8Array ? reply(mac) : mac.then(reply);
      }
    }
  }
  return undefined;
}
