/**
 * The one table of bad inputs the reliability suite sends to every adapter over real HTTP
 * (adapters.test.ts). Each case builds fresh deliveries (fresh ids, fresh signatures), so no
 * two adapters' or cases' deliveries can meet in a dedupe store, and names the exact answer.
 *
 * Almost every case must not reach a handler. The exceptions say why: a signed body from the
 * provider with `__proto__` keys or deep nesting is the provider's data, processed once with the
 * gadgets dropped; a replay primes one processed delivery and must not run it again.
 */
import { createHmac } from "node:crypto";
import type { WebhookEvent } from "../../src/runtime/event.js";
import { SECRETS } from "../fixtures/definitions.js";
import {
  BODY_MARKER,
  githubBody,
  githubSignature,
  githubWire,
  stripeBody,
  stripeSignature,
  stripeSignatureOfBytes,
  slackWire,
  stripeWire,
  type Wire,
} from "./deliveries.js";

/** The pipeline's answers (src/runtime/respond.ts), as the client sees them. */
export const ANSWERS = {
  invalidSignature: { status: 401, json: { error: "invalid signature" } },
  tooLarge: { status: 413, json: { error: "payload too large" } },
  badBody: { status: 400, json: { error: "invalid body" } },
  misconfigured: { status: 500, json: { error: "webhook misconfigured" } },
  forbidden: { status: 403, json: { error: "forbidden" } },
  duplicate: { status: 200, json: { status: "duplicate" } },
  processed: { status: 200, json: { status: "processed" } },
  invalid: { status: 202, json: { status: "invalid" } },
  /**
   * Node's HTTP parser refuses a head over its 16 KiB `maxHeaderSize` before any adapter runs: a
   * bare 431 with no body, closing the connection. Fastify installs its own `clientError`
   * handler, which answers the same 431 with a JSON body.
   */
  headersTooLarge: {
    status: 431,
    json: undefined,
    fastify: { error: "Request Header Fields Too Large", message: "Exceeded maximum allowed HTTP header size", statusCode: 431 },
  },
} as const;

export interface Expected {
  readonly status: number;
  readonly json: unknown;
  /** Fastify's own answer, where it differs (it answers parser errors itself). */
  readonly fastify?: unknown;
}

export interface Attempt {
  /** Sent first and expected `processed` (replays). */
  readonly prime?: Wire;
  /** The bad request; `raw` is written to the socket as is (node:http's client would refuse it). */
  readonly wire: Wire | { readonly raw: string };
}

export interface BadInput {
  readonly name: string;
  readonly build: () => Attempt | Promise<Attempt>;
  readonly expect: Expected;
  /** Handler calls the bad request itself may cause: 0 unless the comment above says why. */
  readonly handled?: 1;
  /** Further checks on the events it caused. */
  readonly check?: (events: readonly WebhookEvent[]) => void;
}

const now = (): number => Math.floor(Date.now() / 1000);

/** Flips the lowest bit of the hex digit at `index` of the first MAC in `header`. */
function flipHex(header: string, index: number): string {
  const at = header.search(/[0-9a-f]{64}/) + (index < 0 ? 64 + index : index);
  const digit = (parseInt(header[at]!, 16) ^ 1).toString(16);
  return header.slice(0, at) + digit + header.slice(at + 1);
}

/** Replaces the signature header of `wire`. */
function withHeader(wire: Wire, name: string, value: string | readonly string[] | undefined): Wire {
  const headers = { ...wire.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = value;
  return { ...wire, headers };
}

const signedStripe = (payload: string, path?: string): Wire => stripeWire(payload, path);

/** A body whose bytes differ from the signed payload (the signature stays the original's). */
function tampered(change: (payload: string) => string | Uint8Array): () => Attempt {
  return () => {
    const payload = stripeBody();
    const wire = signedStripe(payload);
    return { wire: { ...wire, body: change(payload) } };
  };
}

/** A signed Stripe delivery of arbitrary bytes. */
function signedBytes(bytes: Uint8Array): Wire {
  return { path: "/webhooks/stripe/", headers: { "content-type": "application/json", "stripe-signature": stripeSignatureOfBytes(bytes) }, body: bytes };
}

/** `{"id":…,…,"data":{"object":{"id":"pi…"}},"deep":[[[…]]]}` with `depth` arrays. */
function deepBody(depth: number, where: "beside" | "in_id", gadget = ""): string {
  const deep = `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const base = JSON.parse(stripeBody()) as { id: string; data: { object: Record<string, unknown> } };
  const text = JSON.stringify(base);
  if (where === "in_id") return text.replace(/"id":"pi_rel_\d+"/, `"id":${deep}`);
  return `${text.slice(0, -1)},"deep":${deep}${gadget}}`;
}

const kib = (n: number) => n * 1024;

/** A raw HTTP/1.1 request with a valid Stripe signature and `extra` header lines. */
function rawStripe(extra: string): { raw: string } {
  const payload = stripeBody();
  const signature = stripeSignature(payload);
  return {
    raw:
      `POST /webhooks/stripe/ HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-type: application/json\r\n` +
      `stripe-signature: ${signature}\r\n${extra}content-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
  };
}

function oneEvent(events: readonly WebhookEvent[]): void {
  if (events.length !== 1) throw new Error(`expected one event, got ${events.length}`);
}

/** The payload survived without a prototype gadget: no own `__proto__`, nothing polluted. */
function noGadget(events: readonly WebhookEvent[]): void {
  oneEvent(events);
  const payload = events[0]!.payload as Record<string, unknown>;
  const nested = payload["nested"] as Record<string, unknown> | undefined;
  for (const object of nested === undefined ? [payload] : [payload, nested]) {
    if (Object.hasOwn(object, "__proto__") || Object.getPrototypeOf(object) !== Object.prototype) throw new Error("__proto__ kept");
  }
  if (Object.hasOwn(payload, "constructor")) throw new Error("constructor gadget kept");
  if ((({}) as Record<string, unknown>)["polluted"] !== undefined) throw new Error("Object.prototype polluted");
}

export const BAD_INPUTS: readonly BadInput[] = [
  // ── Stripe-Signature ────────────────────────────────────────────────────────────────────
  { name: "stripe: signature header missing", build: () => ({ wire: withHeader(signedStripe(stripeBody()), "stripe-signature", undefined) }), expect: ANSWERS.invalidSignature },
  { name: "stripe: signature header empty", build: () => ({ wire: withHeader(signedStripe(stripeBody()), "stripe-signature", "") }), expect: ANSWERS.invalidSignature },
  {
    name: "stripe: v1 truncated by one hex digit",
    build: () => {
      const w = signedStripe(stripeBody());
      return { wire: withHeader(w, "stripe-signature", (w.headers["stripe-signature"] as string).slice(0, -1)) };
    },
    expect: ANSWERS.invalidSignature,
  },
  {
    name: "stripe: v1 truncated by one byte",
    build: () => {
      const w = signedStripe(stripeBody());
      return { wire: withHeader(w, "stripe-signature", (w.headers["stripe-signature"] as string).slice(0, -2)) };
    },
    expect: ANSWERS.invalidSignature,
  },
  {
    name: "stripe: only a prefix of v1 (16 hex digits)",
    build: () => {
      const w = signedStripe(stripeBody());
      return { wire: withHeader(w, "stripe-signature", (w.headers["stripe-signature"] as string).replace(/(v1=[0-9a-f]{16})[0-9a-f]+/, "$1")) };
    },
    expect: ANSWERS.invalidSignature,
  },
  { name: "stripe: only the timestamp (t=…, no v1)", build: () => ({ wire: withHeader(signedStripe(stripeBody()), "stripe-signature", `t=${now()}`) }), expect: ANSWERS.invalidSignature },
  {
    name: "stripe: v1 renamed v0",
    build: () => {
      const w = signedStripe(stripeBody());
      return { wire: withHeader(w, "stripe-signature", (w.headers["stripe-signature"] as string).replace("v1=", "v0=")) };
    },
    expect: ANSWERS.invalidSignature,
  },
  ...[0, 31, -1].map(
    (index): BadInput => ({
      name: `stripe: one bit flipped in v1 (hex digit ${index})`,
      build: () => {
        const w = signedStripe(stripeBody());
        return { wire: withHeader(w, "stripe-signature", flipHex(w.headers["stripe-signature"] as string, index)) };
      },
      expect: ANSWERS.invalidSignature,
    }),
  ),
  {
    name: "stripe: signed with another secret",
    build: () => {
      const payload = stripeBody();
      return { wire: stripeWire(payload, undefined, stripeSignature(payload, { secret: "whsec_wrong_secret" })) };
    },
    expect: ANSWERS.invalidSignature,
  },
  {
    name: "stripe: a valid signature of another body",
    build: () => ({ wire: stripeWire(stripeBody(), undefined, stripeSignature(stripeBody())) }),
    expect: ANSWERS.invalidSignature,
  },
  {
    name: "stripe: two Stripe-Signature header lines, both wrong",
    build: () => {
      const payload = stripeBody();
      const good = stripeSignature(payload);
      return { wire: withHeader(stripeWire(payload), "stripe-signature", [flipHex(good, 5), stripeSignature(payload, { secret: "whsec_wrong_secret" })]) };
    },
    expect: ANSWERS.invalidSignature,
  },
  {
    // A valid header followed by the attacker's own with a fresh timestamp: the MAC is checked
    // against the timestamp actually used, so the forged one cannot borrow the valid v1.
    name: "stripe: a valid header line plus a forged one with a fresh timestamp",
    build: () => {
      const payload = stripeBody();
      const good = stripeSignature(payload, { timestamp: now() - 10 });
      return { wire: withHeader(stripeWire(payload), "stripe-signature", [good, `t=${now()},v1=${"0".repeat(64)}`]) };
    },
    expect: ANSWERS.invalidSignature,
  },
  {
    name: "stripe: a 12 KiB header of 180 wrong v1 values (under Node's header limit)",
    build: () => {
      const payload = stripeBody();
      const wrong = Array.from({ length: 180 }, (_, i) => `v1=${i.toString(16).padStart(64, "a")}`).join(",");
      return { wire: withHeader(stripeWire(payload), "stripe-signature", `t=${now()},${wrong}`) };
    },
    expect: ANSWERS.invalidSignature,
  },
  // ── X-Hub-Signature-256 ─────────────────────────────────────────────────────────────────
  { name: "github: signature header missing", build: async () => ({ wire: withHeader(await githubWire(githubBody()), "x-hub-signature-256", undefined) }), expect: ANSWERS.invalidSignature },
  {
    name: "github: signature truncated by one hex digit",
    build: async () => {
      const w = await githubWire(githubBody());
      return { wire: withHeader(w, "x-hub-signature-256", (w.headers["x-hub-signature-256"] as string).slice(0, -1)) };
    },
    expect: ANSWERS.invalidSignature,
  },
  { name: "github: only the sha256= prefix", build: async () => ({ wire: withHeader(await githubWire(githubBody()), "x-hub-signature-256", "sha256=") }), expect: ANSWERS.invalidSignature },
  {
    name: "github: one bit flipped",
    build: async () => {
      const w = await githubWire(githubBody());
      return { wire: withHeader(w, "x-hub-signature-256", flipHex(w.headers["x-hub-signature-256"] as string, 40)) };
    },
    expect: ANSWERS.invalidSignature,
  },
  {
    // The legacy SHA-1 header, correctly computed: only the SHA-256 one is accepted.
    name: "github: only a valid X-Hub-Signature (sha1)",
    build: async () => {
      const body = githubBody();
      const w = withHeader(await githubWire(body), "x-hub-signature-256", undefined);
      return { wire: withHeader(w, "x-hub-signature", `sha1=${createHmac("sha1", SECRETS.github).update(body).digest("hex")}`) };
    },
    expect: ANSWERS.invalidSignature,
  },
  ...(["valid first", "valid last"] as const).map(
    (order): BadInput => ({
      // GitHub sends one; two lines arrive joined ("a, b") and are not a signature.
      name: `github: two X-Hub-Signature-256 lines, ${order}`,
      build: async () => {
        const w = await githubWire(githubBody());
        const good = w.headers["x-hub-signature-256"] as string;
        const pair = order === "valid first" ? [good, flipHex(good, 3)] : [flipHex(good, 3), good];
        return { wire: withHeader(w, "x-hub-signature-256", pair) };
      },
      expect: ANSWERS.invalidSignature,
    }),
  ),
  { name: "github: signed with another secret", build: async () => { const b = githubBody(); return { wire: await githubWire(b, await githubSignature(b, "not-the-secret")) }; }, expect: ANSWERS.invalidSignature },
  // ── One-byte body changes and re-serialised JSON ────────────────────────────────────────
  { name: "body: one byte changed (inside the marker)", build: tampered((p) => p.replace(BODY_MARKER, BODY_MARKER.replace("R", "S"))), expect: ANSWERS.invalidSignature },
  { name: "body: first byte changed", build: tampered((p) => ` ${p.slice(1)}`), expect: ANSWERS.invalidSignature },
  { name: "body: one byte appended (a newline)", build: tampered((p) => `${p}\n`), expect: ANSWERS.invalidSignature },
  { name: "body: last byte removed", build: tampered((p) => p.slice(0, -1)), expect: ANSWERS.invalidSignature },
  { name: "body: one bit flipped in a digit", build: tampered((p) => p.replace(/"created":(\d+)/, (_, d: string) => `"created":${d.slice(0, -1)}${Number(d.at(-1)) ^ 1}`)), expect: ANSWERS.invalidSignature },
  { name: "body: UTF-8 BOM prepended", build: tampered((p) => `\uFEFF${p}`), expect: ANSWERS.invalidSignature },
  { name: "body: re-serialised JSON (pretty-printed)", build: tampered((p) => JSON.stringify(JSON.parse(p), null, 2)), expect: ANSWERS.invalidSignature },
  {
    name: "body: re-serialised JSON (same keys, reordered)",
    build: tampered((p) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(p) as Record<string, unknown>).reverse()))),
    expect: ANSWERS.invalidSignature,
  },
  { name: "body: empty, signature of the real body", build: tampered(() => ""), expect: ANSWERS.invalidSignature },
  {
    name: "github: body one byte changed",
    build: async () => {
      const w = await githubWire(githubBody());
      return { wire: { ...w, body: (w.body as string).replace('"opened"', '"closed"') } };
    },
    expect: ANSWERS.invalidSignature,
  },
  {
    name: "github: body re-serialised with a space",
    build: async () => {
      const w = await githubWire(githubBody());
      return { wire: { ...w, body: JSON.stringify(JSON.parse(w.body as string), null, 1) } };
    },
    expect: ANSWERS.invalidSignature,
  },
  // ── Timestamps just outside Stripe's 300 s tolerance, both ways ─────────────────────────
  {
    name: "stripe: timestamp 301 s old (a captured delivery replayed late)",
    build: () => {
      const payload = stripeBody();
      return { wire: stripeWire(payload, undefined, stripeSignature(payload, { timestamp: now() - 301 })) };
    },
    expect: ANSWERS.invalidSignature,
  },
  {
    // 302: the clock reads a fraction of a second later at the server; 301 could land inside.
    name: "stripe: timestamp 302 s in the future",
    build: () => {
      const payload = stripeBody();
      return { wire: stripeWire(payload, undefined, stripeSignature(payload, { timestamp: Math.ceil(Date.now() / 1000) + 302 })) };
    },
    expect: ANSWERS.invalidSignature,
  },
  {
    // Controls for the two above: a hair inside the tolerance is processed, so the 401s are the
    // tolerance and not a signing mistake.
    name: "control: stripe timestamp 298 s old is processed",
    build: () => {
      const payload = stripeBody();
      return { wire: stripeWire(payload, undefined, stripeSignature(payload, { timestamp: now() - 298 })) };
    },
    expect: ANSWERS.processed,
    handled: 1,
    check: oneEvent,
  },
  {
    name: "control: stripe timestamp 298 s ahead is processed",
    build: () => {
      const payload = stripeBody();
      return { wire: stripeWire(payload, undefined, stripeSignature(payload, { timestamp: now() + 298 })) };
    },
    expect: ANSWERS.processed,
    handled: 1,
    check: oneEvent,
  },
  { name: "slack: timestamp 301 s old", build: () => ({ wire: slackWire(now() - 301) }), expect: ANSWERS.invalidSignature },
  { name: "slack: timestamp 302 s in the future", build: () => ({ wire: slackWire(Math.ceil(Date.now() / 1000) + 302) }), expect: ANSWERS.invalidSignature },
  {
    name: "slack: a valid signature under another timestamp header",
    build: () => {
      const w = slackWire(now() - 5);
      return { wire: withHeader(w, "x-slack-request-timestamp", String(now())) };
    },
    expect: ANSWERS.invalidSignature,
  },
  { name: "control: slack timestamp 298 s old is processed", build: () => ({ wire: slackWire(now() - 298) }), expect: ANSWERS.processed, handled: 1, check: oneEvent },
  // ── Replays ────────────────────────────────────────────────────────────────────────────
  {
    name: "replay: the same Stripe delivery again",
    build: () => {
      const wire = signedStripe(stripeBody());
      return { prime: wire, wire };
    },
    expect: ANSWERS.duplicate,
  },
  {
    name: "replay: a GitHub delivery under a fresh X-GitHub-Delivery",
    build: async () => {
      const wire = await githubWire(githubBody());
      return { prime: wire, wire: withHeader(wire, "x-github-delivery", `gh-replayed-${Date.now()}`) };
    },
    expect: ANSWERS.duplicate,
  },
  // ── Missing or empty secrets: refused 500, never accepted ───────────────────────────────
  { name: "secret: env var unset", build: () => ({ wire: signedStripe(stripeBody(), "/webhooks/stripe/nosecret") }), expect: ANSWERS.misconfigured },
  { name: "secret: env var empty", build: () => ({ wire: signedStripe(stripeBody(), "/webhooks/stripe/empty") }), expect: ANSWERS.misconfigured },
  { name: "secret: env var only blanks and commas", build: () => ({ wire: signedStripe(stripeBody(), "/webhooks/stripe/blank") }), expect: ANSWERS.misconfigured },
  {
    name: "secret: env var unset, delivery signed with an empty secret",
    build: () => {
      const payload = stripeBody();
      return { wire: stripeWire(payload, "/webhooks/stripe/nosecret", stripeSignature(payload, { secret: "" })) };
    },
    expect: ANSWERS.misconfigured,
  },
  // ── Oversize bodies ────────────────────────────────────────────────────────────────────
  {
    name: "oversize: Content-Length 4096 over a 1 KiB limit",
    build: () => {
      const payload = stripeBody({ pad: "x".repeat(4000) }).slice(0, 4096);
      return { wire: signedStripe(payload, "/webhooks/stripe/small") };
    },
    expect: ANSWERS.tooLarge,
  },
  {
    name: "oversize: chunked 3 KiB over a 1 KiB limit",
    build: () => ({ wire: { ...signedStripe(stripeBody({ pad: "x".repeat(3000) }), "/webhooks/stripe/small"), chunked: true } }),
    expect: ANSWERS.tooLarge,
  },
  {
    name: "oversize: Content-Length 1 MiB + 1 over the default limit",
    build: () => {
      const head = stripeBody();
      return { wire: signedStripe(`${head.slice(0, -1)},"pad":"${"x".repeat(kib(1024) + 1 - head.length - 9)}"}`) };
    },
    expect: ANSWERS.tooLarge,
  },
  {
    name: "oversize: chunked 1 MiB + 1 over the default limit",
    build: () => {
      const head = stripeBody();
      return { wire: { ...signedStripe(`${head.slice(0, -1)},"pad":"${"x".repeat(kib(1024) + 1 - head.length - 9)}"}`), chunked: true } };
    },
    expect: ANSWERS.tooLarge,
  },
  // ── 100,000-deep nesting ───────────────────────────────────────────────────────────────
  { name: "nesting: 100,000 deep, wrong signature", build: tampered(() => deepBody(100_000, "beside")), expect: ANSWERS.invalidSignature },
  { name: "nesting: 100,000 deep where strict validation wants a string", build: () => ({ wire: signedStripe(deepBody(100_000, "in_id")) }), expect: ANSWERS.invalid },
  {
    // Signed by the provider: its data. It must parse without a stack overflow and run once.
    name: "nesting: 100,000 deep beside valid fields, signed",
    build: () => ({ wire: signedStripe(deepBody(100_000, "beside")) }),
    expect: ANSWERS.processed,
    handled: 1,
    check: oneEvent,
  },
  {
    // The gadget makes safeJsonParse scrub the value; the scrub is iterative (it once used
    // JSON.parse's reviver, whose recursive walk overflowed the stack here and answered 400).
    name: "nesting: 100,000 deep with a __proto__ key, signed",
    build: () => ({ wire: signedStripe(deepBody(100_000, "beside", ',"__proto__":{"polluted":true}')) }),
    expect: ANSWERS.processed,
    handled: 1,
    check: oneEvent,
  },
  // ── Prototype-pollution keys ───────────────────────────────────────────────────────────
  { name: "__proto__: unsigned", build: tampered((p) => `${p.slice(0, -1)},"__proto__":{"polluted":true}}`), expect: ANSWERS.invalidSignature },
  {
    name: "__proto__: signed, top level and nested",
    build: () => {
      const p = stripeBody();
      return { wire: signedStripe(`${p.slice(0, -1)},"__proto__":{"polluted":true},"nested":{"__proto__":{"polluted":true}}}`) };
    },
    expect: ANSWERS.processed,
    handled: 1,
    check: noGadget,
  },
  {
    name: "__proto__: signed constructor.prototype gadget",
    build: () => {
      const p = stripeBody();
      return { wire: signedStripe(`${p.slice(0, -1)},"constructor":{"prototype":{"polluted":true}}}`) };
    },
    expect: ANSWERS.processed,
    handled: 1,
    check: noGadget,
  },
  {
    name: "__proto__: signed, spelled with a \\u005f escape",
    build: () => {
      const p = stripeBody();
      return { wire: signedStripe(`${p.slice(0, -1)},"\\u005f_proto__":{"polluted":true}}`) };
    },
    expect: ANSWERS.processed,
    handled: 1,
    check: noGadget,
  },
  // ── Bodies that do not parse, after verification ────────────────────────────────────────
  ...(
    [
      ["a 0xff byte inside a string", [0xff]],
      ["an overlong encoding of '/'", [0xc0, 0xaf]],
      ["an encoded lone surrogate", [0xed, 0xa0, 0x80]],
      ["a truncated 3-byte sequence", [0xe2, 0x82]],
    ] as const
  ).map(
    ([what, bytes]): BadInput => ({
      name: `invalid UTF-8: ${what}, signed`,
      build: () => {
        const [before, after] = stripeBody().split(BODY_MARKER) as [string, string];
        return { wire: signedBytes(Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)])) };
      },
      expect: ANSWERS.badBody,
    }),
  ),
  {
    name: "invalid UTF-8: unsigned",
    build: tampered((p) => Buffer.concat([Buffer.from(p.slice(0, 20)), Buffer.from([0xff]), Buffer.from(p.slice(21))])),
    expect: ANSWERS.invalidSignature,
  },
  { name: "unparsable: truncated JSON, signed", build: () => ({ wire: signedStripe(stripeBody().slice(0, -1)) }), expect: ANSWERS.badBody },
  { name: "unparsable: empty body, signed", build: () => ({ wire: signedStripe("") }), expect: ANSWERS.badBody },
  // ── Spoofed forwarding headers from an untrusted peer (127.0.0.1, outside 10.0.0.0/8) ────
  ...(
    [
      ["X-Forwarded-For inside the allowlist", { "x-forwarded-for": "10.1.2.3" }],
      ["an X-Forwarded-For chain inside the allowlist", { "x-forwarded-for": "10.0.0.1, 10.0.0.2" }],
      ["two X-Forwarded-For lines", { "x-forwarded-for": ["10.0.0.1", "10.0.0.2"] }],
      ["X-Real-IP and Forwarded inside the allowlist", { "x-real-ip": "10.0.0.1", forwarded: "for=10.0.0.1" }],
      ["X-Forwarded-For as a mapped IPv6 address", { "x-forwarded-for": "::ffff:10.0.0.1" }],
    ] as const
  ).map(
    ([what, extra]): BadInput => ({
      name: `spoofed IP: ${what}`,
      build: () => {
        const w = signedStripe(stripeBody(), "/webhooks/stripe/blocked");
        return { wire: { ...w, headers: { ...w.headers, ...extra } } };
      },
      expect: ANSWERS.forbidden,
    }),
  ),
  // ── Huge headers: Node's 16 KiB limit answers before any adapter code runs ──────────────
  { name: "huge headers: one 20 KiB header beside a valid signature", build: () => ({ wire: rawStripe(`x-pad: ${"a".repeat(kib(20))}\r\n`) }), expect: ANSWERS.headersTooLarge },
  { name: "huge headers: 100 headers of 200 bytes", build: () => ({ wire: rawStripe(Array.from({ length: 100 }, (_, i) => `x-pad-${i}: ${"b".repeat(200)}\r\n`).join("")) }), expect: ANSWERS.headersTooLarge },
  {
    name: "huge headers: a 20 KiB second Stripe-Signature line",
    build: () => ({ wire: rawStripe(`stripe-signature: t=${now()},${Array.from({ length: 300 }, () => `v1=${"f".repeat(64)}`).join(",")}\r\n`) }),
    expect: ANSWERS.headersTooLarge,
  },
];
