/**
 * What the generic schemes share: finding the signature(s) in their header, the timestamp and id,
 * and the bytes they cover, from one {@link SignedMessageConfig}. The schemes differ only in how a
 * candidate signature is checked (HMAC, Ed25519, ECDSA).
 */
import { base64ToBytes, hexToBytes } from "../../crypto/index.js";
import type { HeaderBag, SignedMessageConfig, SignedTimestamp } from "../../types.js";
import { headerValue } from "../headers.js";
import { rejected, type VerifyInput, type VerifyResult } from "../verifier.js";
import { compileTemplate, fillTemplate, slotsOf, sortedFormParams, type Piece, type Slot } from "./template.js";

/** A delivery's signed message, read and checked for everything but the signature itself. */
export interface ReadMessage {
  /** The decoded signatures the sender gave (any one may match). */
  readonly candidates: readonly Uint8Array[];
  /** The bytes the signature covers, in parts. */
  readonly parts: readonly (string | Uint8Array)[];
}

/** A {@link SignedMessageConfig} compiled once per verifier. */
export interface CompiledMessage {
  readonly config: SignedMessageConfig;
  readonly headers: readonly string[];
  readonly pieces: readonly Piece[];
  readonly slots: ReadonlySet<Slot>;
  readonly timestamp: SignedTimestamp | undefined;
  readonly separator: string;
  readonly decode: (text: string, start: number) => Uint8Array | undefined;
}

/** Compiles `config`; throws when the template names a value no source provides. */
export function compileMessage(config: SignedMessageConfig, timestamp: SignedTimestamp | undefined = config.timestamp): CompiledMessage {
  const pieces = compileTemplate(config.signedContent);
  const slots = slotsOf(pieces);
  if (slots.has("timestamp") && timestamp === undefined) {
    throw new Error("signature: signedContent uses {timestamp} but no timestampHeader (nor timestamp.header/field) is set");
  }
  if (slots.has("id") && config.idHeader === undefined) {
    throw new Error("signature: signedContent uses {id} but no idHeader is set");
  }
  if (timestamp?.body !== undefined && slots.has("timestamp")) {
    throw new Error("signature: a body timestamp cannot be part of signedContent (it is read from the signed body)");
  }
  return {
    config,
    headers: [config.header, ...(config.headers ?? [])],
    pieces,
    slots,
    timestamp,
    separator: config.separator ?? " ",
    // Both decoders are strict and canonical: one spelling per signature.
    decode: config.encoding === "hex" ? hexToBytes : base64ToBytes,
  };
}

/** The first configured signature header that is present, with its name. */
function findSignatureHeader(m: CompiledMessage, headers: HeaderBag): { name: string; value: string } | undefined {
  for (const name of m.headers) {
    const value = headerValue(headers, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** `key=value` fields of a header value (keys trimmed; a repeated key keeps every value). */
export function headerFields(value: string, separator: string): [string, string][] {
  const out: [string, string][] = [];
  for (const item of value.split(separator)) {
    const eq = item.indexOf("=");
    if (eq > 0) out.push([item.slice(0, eq).trim(), item.slice(eq + 1).trim()]);
  }
  return out;
}

const DIGITS = /^\d{1,16}$/;

/** Parses a timestamp text in `unit` to ms; `undefined` unless it is all digits. */
export function timestampMs(text: string | number | undefined, unit: "s" | "ms" = "s"): number | undefined {
  if (typeof text === "number") return Number.isSafeInteger(text) && text >= 0 ? (unit === "s" ? text * 1000 : text) : undefined;
  if (text === undefined || !DIGITS.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return unit === "s" ? n * 1000 : n;
}

/** True when `ms` lies within `toleranceSeconds` of `now`, either way. */
export function fresh(ms: number, now: number, toleranceSeconds: number): boolean {
  return Math.abs(now - ms) <= toleranceSeconds * 1000;
}

/** The URL the sender signed: the configured origin (else the Host headers) plus the request path. */
function requestUrl(config: SignedMessageConfig, input: VerifyInput): string | undefined {
  if (input.path === undefined) return undefined;
  if (config.urlOrigin !== undefined) return config.urlOrigin.replace(/\/+$/, "") + input.path;
  const host = headerValue(input.headers, "x-forwarded-host") ?? headerValue(input.headers, "host");
  if (host === undefined) return undefined;
  const proto = headerValue(input.headers, "x-forwarded-proto")?.split(",")[0]?.trim() ?? "https";
  return `${proto}://${host.split(",")[0]!.trim()}${input.path}`;
}

/**
 * Reads the signature(s), timestamp and id of a delivery and builds the signed parts. A failure
 * names what is missing or stale; it never depends on a secret.
 */
export function readMessage(m: CompiledMessage, input: VerifyInput): ReadMessage | VerifyResult {
  const c = m.config;
  const { headers } = input;
  const sig = findSignatureHeader(m, headers);
  if (sig === undefined) return rejected(`missing ${m.headers.join(" or ")} header`);
  for (const name of c.requiredHeaders ?? []) {
    const v = headerValue(headers, name);
    if (v === undefined || v.trim() === "") return rejected(`missing ${name} header`);
  }

  // Signature texts: fields of a key=value layout, else the separated tokens of the whole value.
  const fields = c.fields === undefined ? undefined : headerFields(sig.value, c.fields.separator);
  let texts: string[];
  if (c.fields !== undefined) {
    const key = c.fields.signature;
    texts = fields!.filter(([k]) => k === key).map(([, v]) => v);
    if (texts.length === 0) return rejected(`no ${key} signature`);
  } else {
    texts = m.separator === "" ? [sig.value.trim()] : sig.value.split(m.separator);
  }
  let prefixed = false;
  const candidates: Uint8Array[] = [];
  for (const text of texts) {
    if (text === "" || !text.startsWith(c.prefix)) continue;
    prefixed = true;
    const bytes = m.decode(text, c.prefix.length);
    if (bytes !== undefined && bytes.length > 0) candidates.push(bytes);
  }
  if (!prefixed) return rejected(`signature lacks the ${JSON.stringify(c.prefix)} prefix`);
  if (candidates.length === 0) return rejected("malformed signature");

  // The timestamp in a header (or a field of one); a body timestamp is checked after the signature.
  let timestamp: string | undefined;
  const ts = m.timestamp;
  if (ts !== undefined && ts.body === undefined) {
    if (ts.field !== undefined) {
      // A field of the signature header (already split when `fields` is set), or of another header
      // split the same way (on the `fields` separator, else ",").
      const own = ts.header === undefined || ts.header === sig.name;
      const separator = c.fields?.separator ?? ",";
      const list = own ? (fields ?? headerFields(sig.value, separator)) : headerFields(headerValue(headers, ts.header!) ?? "", separator);
      timestamp = list.find(([k]) => k === ts.field)?.[1];
      if (timestamp === undefined) return rejected(`missing ${ts.field} timestamp`);
    } else if (ts.header !== undefined) {
      timestamp = headerValue(headers, ts.header);
      if (timestamp === undefined) return rejected(`missing ${ts.header} header`);
    }
    if (ts.toleranceSeconds !== undefined) {
      const ms = timestampMs(timestamp, ts.unit);
      if (ms === undefined) return rejected("malformed timestamp");
      if (!fresh(ms, input.now, ts.toleranceSeconds)) return rejected("timestamp outside tolerance");
    }
  }

  const id = c.idHeader === undefined ? undefined : headerValue(headers, c.idHeader);
  if (m.slots.has("id") && id === undefined) return rejected(`missing ${c.idHeader!} header`);
  const url = m.slots.has("url") ? requestUrl(c, input) : undefined;
  if (m.slots.has("url") && url === undefined) return rejected("cannot tell the signed URL (no path or Host header)");
  const method = m.slots.has("method") ? (input.method ?? "POST").toUpperCase() : undefined;
  const params = m.slots.has("params") ? sortedFormParams(input.rawBody) : undefined;
  return { candidates, parts: fillTemplate(m.pieces, { body: input.rawBody, timestamp, id, url, method, params }) };
}

/** True when `read` is a failure rather than a read message. */
export function isFailure(read: ReadMessage | VerifyResult): read is VerifyResult {
  return !("parts" in read);
}

/**
 * For a timestamp in the (signed, hence trustworthy) JSON body: checks it once the signature has
 * matched, so an unverified body is never parsed. Answers `result` unchanged when it passes.
 */
export function checkBodyTimestamp(m: CompiledMessage, input: VerifyInput, result: VerifyResult): VerifyResult {
  const ts = m.timestamp;
  if (!result.ok || ts?.body === undefined) return result;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(input.rawBody));
  } catch {
    return rejected("body timestamp: the body is not JSON");
  }
  for (const key of ts.body.split(".")) {
    value = value !== null && typeof value === "object" && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  const ms = typeof value === "string" || typeof value === "number" ? timestampMs(value, ts.unit) : undefined;
  if (ms === undefined) return rejected(`missing or malformed body timestamp ${ts.body}`);
  if (ts.toleranceSeconds !== undefined && !fresh(ms, input.now, ts.toleranceSeconds)) return rejected("timestamp outside tolerance");
  return result;
}
