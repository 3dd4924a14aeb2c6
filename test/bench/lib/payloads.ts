/**
 * Real payloads used by every suite, and signing of deliveries for any provider definition.
 *
 * To add a payload: append to {@link PAYLOADS}. Every suite that iterates payloads picks it up.
 */
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ROOT } from "./product.js";
import type { HeaderBag, ProviderDefinition, SignatureConfig } from "../../../src/runtime/types.js";

const require = createRequire(import.meta.url);

export interface BenchPayload {
  /** Stable row id, e.g. `github.push`. */
  readonly id: string;
  readonly label: string;
  /** Provider name in our catalog (providers/<name>). */
  readonly provider: string;
  /** Catalog event name (schemas/<provider>/events/<event>.json). */
  readonly event: string;
  /** Where the payload came from. */
  readonly source: string;
  readonly text: string;
  readonly bytes: Buffer;
  readonly value: unknown;
  /** The payload on which headline targets are judged. */
  readonly headline?: boolean;
  /**
   * Path of a string field whose value is varied per delivery (same length), so that a pool of
   * deliveries has distinct bodies of equal size: e.g. a commit SHA or Stripe's event id.
   */
  readonly vary: readonly string[];
}

interface OctokitExample {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

function githubExample(name: string, action: string | undefined, targetBytes: number): { value: Record<string, unknown>; index: number } {
  const all = require("@octokit/webhooks-examples") as OctokitExample[];
  const group = all.find((g) => g.name === name);
  if (!group) throw new Error(`no @octokit/webhooks-examples group ${name}`);
  let best: { value: Record<string, unknown>; index: number } | undefined;
  let bestDiff = Infinity;
  group.examples.forEach((ex, index) => {
    if (action !== undefined && ex["action"] !== action) return;
    const diff = Math.abs(JSON.stringify(ex).length - targetBytes);
    if (diff < bestDiff) {
      bestDiff = diff;
      best = { value: ex, index };
    }
  });
  if (!best) throw new Error(`no ${name}.${action ?? ""} example`);
  return best;
}

// Stripe's own example objects (MIT), beside the repository as the workplace lays it out.
const STRIPE_FIXTURES = join(ROOT, "..", "shared", "data", "stripe", "fixtures3.json");
// Vendored copies of the same fixture objects, for a checkout without shared/ beside it.
const VENDORED_RESOURCES = join(ROOT, "test", "fixtures", "stripe", "resources.json");
const VENDORED_EVENT = join(ROOT, "examples", "payloads", "stripe.payment_intent.succeeded.json");

/** Stripe's example `resource` in its example event envelope (or, without shared/, the vendored copies). */
function stripeEvent(type: string, resource: string): { value: Record<string, unknown>; source: string } {
  let envelope: Record<string, unknown> | undefined;
  let object: Record<string, unknown> | undefined;
  let source: string;
  if (existsSync(STRIPE_FIXTURES)) {
    const fx = JSON.parse(readFileSync(STRIPE_FIXTURES, "utf8")) as { resources: Record<string, Record<string, unknown>> };
    envelope = fx.resources["event"];
    object = fx.resources[resource];
    source = `fixtures3.json resources.${resource} in resources.event envelope`;
  } else {
    const vendored = JSON.parse(readFileSync(VENDORED_RESOURCES, "utf8")) as Record<string, Record<string, unknown>>;
    envelope = JSON.parse(readFileSync(VENDORED_EVENT, "utf8")) as Record<string, unknown>;
    object = vendored[resource];
    source = `vendored fixture ${resource} (test/fixtures/stripe) in the demo event envelope (shared/ not found)`;
  }
  if (!envelope || !object) throw new Error(`stripe fixture lacks event/${resource}`);
  const obj = resource === "payment_intent" ? { ...object, status: "succeeded" } : object;
  return { value: { ...envelope, id: "evt_3PgbenchPaymentIntentSucceeded", type, data: { object: obj } }, source };
}

function make(p: Omit<BenchPayload, "text" | "bytes">): BenchPayload {
  const text = JSON.stringify(p.value);
  return { ...p, text, bytes: Buffer.from(text, "utf8") };
}

function build(): BenchPayload[] {
  const push = githubExample("push", undefined, 7700);
  // Every push example predates the now-required `repository.has_discussions`; without it any
  // schema-based validator rejects the delivery and lenient/strict would time the rejection path.
  const pushRepo = push.value["repository"] as Record<string, unknown> | undefined;
  const pushFixed = pushRepo && !("has_discussions" in pushRepo) ? { ...push.value, repository: { ...pushRepo, has_discussions: false } } : push.value;
  const pr = githubExample("pull_request", "opened", 23600);
  return [
    make({
      id: "github.push",
      label: "GitHub push",
      provider: "github",
      event: "push",
      source: `@octokit/webhooks-examples push[${push.index}]${pushFixed === push.value ? "" : " + repository.has_discussions: false"}`,
      value: pushFixed,
      headline: true,
      vary: ["after"],
    }),
    make({
      id: "github.pull_request.opened",
      label: "GitHub pull_request.opened",
      provider: "github",
      event: "pull_request.opened",
      source: `@octokit/webhooks-examples pull_request[${pr.index}]`,
      value: pr.value,
      vary: ["pull_request", "head", "sha"],
    }),
    make({
      id: "stripe.payment_intent.succeeded",
      label: "Stripe payment_intent.succeeded",
      provider: "stripe",
      event: "payment_intent.succeeded",
      ...stripeEvent("payment_intent.succeeded", "payment_intent"),
      vary: ["id"],
    }),
  ];
}

let cached: BenchPayload[] | undefined;
export function payloads(): BenchPayload[] {
  cached ??= build();
  return cached;
}

export const SECRET = "bench-secret-0123456789abcdef";
/** Standard Webhooks / Svix secrets are base64 with a `whsec_` prefix. */
export const WHSEC = `whsec_${Buffer.from(SECRET).toString("base64")}`;

/** The event type's first segment as a provider puts it in a header (GitHub: `pull_request`). */
function headerTypeOf(def: ProviderDefinition, event: string): string {
  const append = def.event.type.appendBody;
  return append !== undefined && event.includes(".") ? event.slice(0, event.indexOf(".")) : event;
}

function hmac(alg: string, secret: string, data: string | Buffer, enc: "hex" | "base64"): string {
  return createHmac(alg, secret).update(data).digest(enc);
}

/**
 * Headers of a correctly signed delivery of `body` for any provider definition, derived from its
 * data alone (`signature`, `event`), so new providers need no bench code.
 */
export function signedHeaders(
  def: ProviderDefinition,
  opts: { body: Buffer; event: string; id: string; timestampSec: number; secret?: string },
): Record<string, string> {
  const secret = opts.secret ?? SECRET;
  const h: Record<string, string> = { "content-type": def.bodyFormat === "form" ? "application/x-www-form-urlencoded" : "application/json" };
  const sig: SignatureConfig = def.signature;
  const ts = String(opts.timestampSec);
  switch (sig.scheme) {
    case "none":
      break;
    case "github":
      h[sig.header] = `sha256=${hmac("sha256", secret, opts.body, "hex")}`;
      break;
    case "stripe":
      h[sig.header] = `t=${ts},v1=${hmac("sha256", secret, Buffer.concat([Buffer.from(`${ts}.`), opts.body]), "hex")}`;
      break;
    case "slack":
      h[sig.timestampHeader] = ts;
      h[sig.header] = `v0=${hmac("sha256", secret, Buffer.concat([Buffer.from(`v0:${ts}:`), opts.body]), "hex")}`;
      break;
    case "hmac": {
      const [before, after] = sig.signedContent.split("{body}") as [string, string | undefined];
      const fill = (s: string) => s.replaceAll("{timestamp}", ts).replaceAll("{id}", opts.id);
      const content = Buffer.concat([Buffer.from(fill(before)), opts.body, Buffer.from(fill(after ?? ""))]);
      if (sig.header === undefined) throw new Error("the bench signs header signatures only");
      h[sig.header] = `${sig.prefix}${hmac(sig.algorithm, secret, content, sig.encoding)}`;
      if (sig.timestampHeader) h[sig.timestampHeader] = ts;
      if (sig.idHeader) h[sig.idHeader] = opts.id;
      break;
    }
  }
  if (def.event.type.header) h[def.event.type.header] = headerTypeOf(def, opts.event);
  if (def.event.id?.header) h[def.event.id.header] = opts.id;
  if (def.event.timestamp?.header) h[def.event.timestamp.header] = def.event.timestamp.unit === "iso" ? new Date(opts.timestampSec * 1000).toISOString() : ts;
  return h;
}

/** The header holding the delivery id, when the provider takes it from a header (dedupe key). */
export function idHeader(def: ProviderDefinition): string | undefined {
  return def.event.id?.header;
}

export type { HeaderBag };
