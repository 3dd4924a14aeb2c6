/**
 * What the generic schemes share: finding the signature(s) in their header (or the JSON body),
 * the timestamp and id, and the bytes they cover, from one {@link SignedMessageConfig}. The
 * schemes differ only in how a candidate signature is checked (HMAC, Ed25519, ECDSA); what must
 * hold once it matched (a body timestamp, a body hash) is {@link afterMatch}.
 */
import { base64ToBytes, hexToBytes, type CryptoBackend } from "../../crypto/index.js";
import type { HeaderBag, SignedMessageConfig, SignedTimestamp } from "../../types.js";
import { headerValue } from "../headers.js";
import { rejected, type VerifyInput, type VerifyResult } from "../verifier.js";
import { fieldText, parseJsonBody, readPath } from "./body-fields.js";
import { compileTemplate, fieldsOf, fillTemplate, slotsOf, sortedFormParams, type Piece, type Slot } from "./template.js";
import { fresh, timestampMs } from "./timestamp.js";

export { fresh, timestampMs } from "./timestamp.js";

/** A delivery's signed message, read and checked for everything but the signature itself. */
export interface ReadMessage {
  /** The decoded signatures the sender gave (any one may match). */
  readonly candidates: readonly Uint8Array[];
  /** The bytes the signature covers, in parts. */
  readonly parts: readonly (string | Uint8Array)[];
  /** The body hash the (signed) URL states, to compare once the signature matched. */
  readonly bodyHash?: Uint8Array | undefined;
}

/** A {@link SignedMessageConfig} compiled once per verifier. */
export interface CompiledMessage {
  readonly config: SignedMessageConfig;
  /** Accepted signature header names (empty when the signature is in the body). */
  readonly headers: readonly string[];
  /** Key path of a signature carried in the body. */
  readonly bodyKeys: readonly string[] | undefined;
  readonly pieces: readonly Piece[];
  readonly slots: ReadonlySet<Slot>;
  /** The `{body.<path>}` fields of the template. */
  readonly fields: readonly { readonly field: string; readonly keys: readonly string[] }[];
  readonly timestamp: SignedTimestamp | undefined;
  /** True when the body is parsed before the signature is checked (a body signature or signed fields). */
  readonly parsesBody: boolean;
  /** True when something is left to check after the signature matched (a body timestamp read late, a body hash). */
  readonly checksAfter: boolean;
  readonly separator: string;
  readonly decode: (text: string, start: number) => Uint8Array | undefined;
}

/** Compiles `config`; throws when the template names a value no source provides. */
export function compileMessage(config: SignedMessageConfig, timestamp: SignedTimestamp | undefined = config.timestamp): CompiledMessage {
  const pieces = compileTemplate(config.signedContent);
  const slots = slotsOf(pieces);
  const fields = fieldsOf(pieces);
  if ((config.header === undefined) === (config.body === undefined)) {
    throw new Error("signature: set either header (a signature header) or body (a JSON body path holding the signature)");
  }
  if (config.body !== undefined && (slots.has("body") || slots.has("params"))) {
    throw new Error("signature: a signature carried in the body cannot sign {body} or {params} (it is part of them)");
  }
  const parsesBody = config.body !== undefined || fields.length > 0;
  if (slots.has("timestamp") && timestamp === undefined) {
    throw new Error("signature: signedContent uses {timestamp} but no timestampHeader (nor timestamp.header/field/body) is set");
  }
  if (slots.has("id") && config.idHeader === undefined) {
    throw new Error("signature: signedContent uses {id} but no idHeader is set");
  }
  if (timestamp?.body !== undefined && slots.has("timestamp") && !parsesBody) {
    throw new Error("signature: a body timestamp cannot be part of signedContent (it is read from the signed body)");
  }
  if (config.bodyHash !== undefined && !slots.has("url")) {
    throw new Error("signature: bodyHash needs {url} in signedContent (the hash travels in the signed URL)");
  }
  return {
    config,
    headers: config.header === undefined ? [] : [config.header, ...(config.headers ?? [])],
    bodyKeys: config.body?.split("."),
    pieces,
    slots,
    fields,
    timestamp,
    parsesBody,
    checksAfter: (timestamp?.body !== undefined && !parsesBody) || config.bodyHash !== undefined,
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

/** The URL the sender signed: the configured origin (else the Host headers), the request path and its query. */
function requestUrl(config: SignedMessageConfig, input: VerifyInput): string | undefined {
  if (input.path === undefined) return undefined;
  // The query as received: senders sign the URL they were given, `?` included.
  const target = input.query === undefined ? input.path : `${input.path}?${input.query}`;
  if (config.urlOrigin !== undefined) return config.urlOrigin.replace(/\/+$/, "") + target;
  const host = headerValue(input.headers, "x-forwarded-host") ?? headerValue(input.headers, "host");
  if (host === undefined) return undefined;
  const proto = headerValue(input.headers, "x-forwarded-proto")?.split(",")[0]?.trim() ?? "https";
  return `${proto}://${host.split(",")[0]!.trim()}${target}`;
}

/** The value of query parameter `name` (decoded), or `undefined`. */
function queryParam(query: string | undefined, name: string): string | undefined {
  if (query === undefined || !query.includes(name)) return undefined;
  return new URLSearchParams(query).get(name) ?? undefined;
}

/** What the parsed body yields before verification: the signature text, signed fields, a timestamp. */
interface BodyValues {
  readonly signature: string | undefined;
  readonly fields: ReadonlyMap<string, string>;
  readonly timestamp: string | undefined;
}

/** Reads the body values `m` needs; a failure says which one is missing or malformed. */
function readBodyValues(m: CompiledMessage, rawBody: Uint8Array): BodyValues | VerifyResult {
  const parsed = parseJsonBody(rawBody);
  if (!parsed.ok) return rejected(parsed.reason);
  let signature: string | undefined;
  if (m.bodyKeys !== undefined) {
    const value = readPath(parsed.value, m.bodyKeys);
    if (typeof value !== "string") return rejected(value === undefined ? `missing ${m.config.body!} in the body` : `${m.config.body!} in the body is not a string`);
    signature = value;
  }
  const fields = new Map<string, string>();
  for (const f of m.fields) {
    const text = fieldText(readPath(parsed.value, f.keys));
    if (text === undefined) return rejected(`missing or malformed body field ${f.field}`);
    fields.set(f.field, text);
  }
  const ts = m.timestamp?.body;
  const timestamp = ts === undefined ? undefined : fieldText(readPath(parsed.value, ts.split(".")));
  if (ts !== undefined && timestamp === undefined) return rejected(`missing or malformed body timestamp ${ts}`);
  return { signature, fields, timestamp };
}

/**
 * Reads the signature(s), timestamp and id of a delivery and builds the signed parts. A failure
 * names what is missing or stale; it never depends on a secret.
 */
export function readMessage(m: CompiledMessage, input: VerifyInput): ReadMessage | VerifyResult {
  const c = m.config;
  const { headers } = input;
  let body: BodyValues | undefined;
  let sig: { name: string; value: string } | undefined;
  if (m.parsesBody) {
    const read = readBodyValues(m, input.rawBody);
    if (!("fields" in read)) return read;
    body = read;
  }
  if (m.bodyKeys !== undefined) sig = { name: "", value: body!.signature! };
  else {
    sig = findSignatureHeader(m, headers);
    if (sig === undefined) return rejected(`missing ${m.headers.join(" or ")} header`);
  }
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

  // The timestamp in a header (or a field of one), or in the body when it is parsed already;
  // a body timestamp of a body that is not parsed yet is checked after the signature.
  let timestamp: string | undefined;
  const ts = m.timestamp;
  if (ts !== undefined && (ts.body === undefined || body !== undefined)) {
    if (ts.body !== undefined) {
      timestamp = body!.timestamp;
    } else if (ts.field !== undefined) {
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

  // A body hash in the (signed) query binds the body instead of its form parameters.
  let bodyHash: Uint8Array | undefined;
  const bh = c.bodyHash;
  if (bh !== undefined) {
    const text = queryParam(input.query, bh.query);
    if (text === undefined && bh.required) return rejected(`missing ${bh.query} query parameter`);
    if (text !== undefined) {
      bodyHash = bh.encoding === "hex" ? hexToBytes(text) : base64ToBytes(text);
      if (bodyHash === undefined || bodyHash.length !== 32) return rejected(`malformed ${bh.query} query parameter`);
    }
  }
  const params = m.slots.has("params") ? (bodyHash !== undefined ? "" : sortedFormParams(input.rawBody)) : undefined;
  const parts = fillTemplate(m.pieces, { body: input.rawBody, timestamp, id, url, method, params, fields: body?.fields });
  return bodyHash === undefined ? { candidates, parts } : { candidates, parts, bodyHash };
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
  if (!result.ok || ts?.body === undefined || m.parsesBody) return result;
  const parsed = parseJsonBody(input.rawBody);
  if (!parsed.ok) return rejected(`body timestamp: ${parsed.reason}`);
  const value = readPath(parsed.value, ts.body.split("."));
  const ms = typeof value === "string" || typeof value === "number" ? timestampMs(value, ts.unit) : undefined;
  if (ms === undefined) return rejected(`missing or malformed body timestamp ${ts.body}`);
  if (ts.toleranceSeconds !== undefined && !fresh(ms, input.now, ts.toleranceSeconds)) return rejected("timestamp outside tolerance");
  return result;
}

const BODY_HASH_MISMATCH: VerifyResult = Object.freeze({ ok: false, reason: "the body does not match the hash in the signed URL" });

/** Compares the body's SHA-256 with the hash the signed URL states, once the signature matched. */
function checkBodyHash(crypto: CryptoBackend, input: VerifyInput, expected: Uint8Array, result: VerifyResult): VerifyResult | Promise<VerifyResult> {
  if (!result.ok) return result;
  const digest = crypto.sha256(input.rawBody);
  const compare = (d: Uint8Array): VerifyResult => (crypto.timingSafeEqualBytes(d, expected) ? result : BODY_HASH_MISMATCH);
  return digest instanceof Uint8Array ? compare(digest) : digest.then(compare);
}

/**
 * What must still hold once a signature matched: the body timestamp (when the body was not parsed
 * before) and the body hash the signed URL states. `result` itself when nothing is left to check,
 * so the common path costs nothing; synchronous while `result` and the backend are.
 */
export function afterMatch(
  m: CompiledMessage,
  input: VerifyInput,
  read: ReadMessage,
  crypto: CryptoBackend,
  result: VerifyResult | Promise<VerifyResult>,
): VerifyResult | Promise<VerifyResult> {
  if (!m.checksAfter) return result;
  const finish = (r: VerifyResult): VerifyResult | Promise<VerifyResult> => {
    const checked = checkBodyTimestamp(m, input, r);
    return read.bodyHash === undefined ? checked : checkBodyHash(crypto, input, read.bodyHash, checked);
  };
  return result instanceof Promise ? result.then(finish) : finish(result);
}
