/**
 * Deliveries a provider or an attacker might send, as typed fixtures for users' own tests: a
 * correctly signed one, and the variants an endpoint must refuse — a body changed after signing,
 * a signature too old, a secret that was rotated out, the same delivery twice. `test-webhook
 * --variant` sends exactly these.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { EventExtraction, ProviderDefinition, SignatureConfig } from "../runtime/types.js";
import { signedDelivery } from "./sign.js";

/** The refusals a receiving endpoint must make. */
export type DeliveryVariant = "tampered" | "stale" | "rotated" | "duplicate";

/** Every variant, in the order `test-webhook --variant` documents them. */
export const DELIVERY_VARIANTS: readonly DeliveryVariant[] = ["tampered", "stale", "rotated", "duplicate"];

/** One HTTP delivery: the exact body bytes and the headers to send with them. */
export interface TestDelivery {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What the server should answer a delivery with. */
export type ExpectedAnswer = "accepted" | "invalid_signature" | "duplicate";

/** A variant: the deliveries to send in order, and what the last one must be answered with. */
export interface VariantDeliveries {
  readonly variant: DeliveryVariant | "valid";
  readonly deliveries: readonly TestDelivery[];
  /** `invalid_signature` → 401; `duplicate` → 200 `{"status":"duplicate"}`; `accepted` → 2xx. */
  readonly expect: ExpectedAnswer;
  /** One line on what the variant imitates. */
  readonly description: string;
}

/** Options of {@link deliveryVariants}. */
export interface DeliveryVariantOptions {
  /** The secret the endpoint verifies with (the first of a rotation list). */
  readonly secret: string;
  /** Unix seconds of the valid delivery; default now. */
  readonly timestamp?: number;
  /** Extra headers sent with every delivery, e.g. the event-type header of a custom provider. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Header id for providers that carry one (GitHub's X-GitHub-Delivery); default a random UUID. */
  readonly deliveryId?: string;
  /** The full URL the deliveries are posted to: schemes that sign `{url}` (Twilio, HubSpot, Square) need it. */
  readonly url?: string;
}

/** Where a provider reads an event's identity; {@link ProviderDefinition} has it as `event`. */
type ProviderLike = Pick<ProviderDefinition, "signature" | "event">;

/**
 * The signed delivery of `event` with `payload`, and each variant of it. Typed by the event map
 * of the generated code, so every catalog event and its payload type are offered:
 *
 * @example
 * import { deliveryVariants } from "smart-api-integrations/testing";
 * import { stripeProvider, type StripeEvents } from "./generated/stripe/index.js";
 * const v = deliveryVariants<StripeEvents>()(stripeProvider, "invoice.paid", payload, { secret: "whsec_test" });
 * for (const d of v.tampered.deliveries) expect((await post(d)).status).toBe(401);
 */
export function deliveryVariants<Events extends object = Record<string, unknown>>() {
  return <E extends keyof Events & string>(
    provider: ProviderLike,
    event: E,
    payload: Events[E],
    options: DeliveryVariantOptions,
  ): Record<DeliveryVariant | "valid", VariantDeliveries> => variantsOfBody(provider, event, JSON.stringify(payload), options);
}

/** {@link deliveryVariants} over a body you serialised yourself (sent byte for byte). */
export function variantsOfBody(
  provider: ProviderLike,
  event: string,
  body: string,
  options: DeliveryVariantOptions,
): Record<DeliveryVariant | "valid", VariantDeliveries> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const id = options.deliveryId ?? randomUUID();
  const identity: Record<string, string> = { ...eventHeaders(provider.event, event, id, timestamp), ...options.headers };
  // Headers the verifier insists on (Shopify's shop domain and API version): a placeholder where the caller gives none.
  const required = "requiredHeaders" in provider.signature ? (provider.signature.requiredHeaders ?? []) : [];
  for (const name of required) identity[name] ??= "test";
  const sign = (bytes: string, secret: string, at: number): TestDelivery => {
    // signedDelivery: where the signature travels in the body (Mailgun), the body sent changes too.
    const signed = signedDelivery(provider.signature, { body: bytes, secret, timestamp: at, id, ...(options.url === undefined ? {} : { url: options.url }) });
    return { body: typeof signed.body === "string" ? signed.body : Buffer.from(signed.body).toString("utf8"), headers: { ...identity, ...signed.headers } };
  };
  const valid = sign(body, options.secret, timestamp);
  const tolerance = toleranceOf(provider.signature);
  return {
    valid: { variant: "valid", deliveries: [valid], expect: "accepted", description: "signed correctly, just now" },
    tampered: {
      variant: "tampered",
      // The signature of the original bytes on a body an attacker changed: one character differs.
      deliveries: [{ body: tamper(valid.body), headers: valid.headers }],
      expect: "invalid_signature",
      description: "the body was changed after it was signed",
    },
    stale: {
      variant: "stale",
      deliveries: [sign(body, options.secret, timestamp - (tolerance ?? 300) - 60)],
      expect: tolerance === undefined ? "accepted" : "invalid_signature",
      description:
        tolerance === undefined
          ? "signed long ago; this scheme signs no timestamp, so only dedupe can catch a replay"
          : `signed ${(tolerance ?? 300) + 60} s ago, outside the ${tolerance} s tolerance (a captured delivery replayed later)`,
    },
    rotated: {
      variant: "rotated",
      deliveries: [sign(body, `rotated_${randomBytes(16).toString("hex")}`, timestamp)],
      expect: "invalid_signature",
      description: "signed with a secret the endpoint no longer accepts (rotated out, or never issued)",
    },
    duplicate: {
      variant: "duplicate",
      deliveries: [valid, valid],
      expect: "duplicate",
      description: "the same delivery twice, as providers retry; the second must not run handlers again",
    },
  };
}

/** Seconds of timestamp tolerance the scheme enforces, or `undefined` when it signs no timestamp. */
export function toleranceOf(signature: SignatureConfig): number | undefined {
  if (signature.scheme === "stripe" || signature.scheme === "slack" || signature.scheme === "standard-webhooks") return signature.toleranceSeconds;
  if (signature.scheme === "hmac" && signature.timestampHeader !== undefined) return signature.toleranceSeconds;
  if (signature.scheme === "hmac" || signature.scheme === "ed25519" || signature.scheme === "ecdsa-p256") return signature.timestamp?.toleranceSeconds;
  return undefined;
}

/** The body with one digit changed (an attacker raising an amount), else one space appended. */
function tamper(body: string): string {
  const i = body.search(/[0-9]/);
  if (i < 0) return `${body} `;
  return `${body.slice(0, i)}${(Number(body[i]) + 1) % 10}${body.slice(i + 1)}`;
}

/** `issues.opened` → base `issues` + action `opened` when the type appends a body value; else the whole name. */
export function splitEventType(extraction: EventExtraction, event: string): { base: string; suffix: string | undefined } {
  const dot = event.indexOf(".");
  if (extraction.type.appendBody === undefined || dot < 0) return { base: rawType(extraction, event), suffix: undefined };
  return { base: rawType(extraction, event.slice(0, dot)), suffix: event.slice(dot + 1) };
}

/** The value the provider sends for the type `name`: the `names` key that maps to it (Bitbucket's `repo:push` for `repo.push`), else `name`. */
function rawType(extraction: EventExtraction, name: string): string {
  const names = extraction.type.names;
  if (names !== undefined) for (const key of Object.keys(names)) if (names[key] === name) return key;
  return name;
}

/**
 * The headers that identify the event where the provider reads them from headers (type, id,
 * timestamp), plus the JSON content type.
 */
export function eventHeaders(extraction: EventExtraction, event: string, id: string, timestampSeconds: number): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (extraction.type.header !== undefined) headers[extraction.type.header] = splitEventType(extraction, event).base;
  if (extraction.id?.header !== undefined) headers[extraction.id.header] = id;
  const ts = extraction.timestamp;
  if (ts?.header !== undefined) {
    headers[ts.header] = ts.unit === "iso" ? new Date(timestampSeconds * 1000).toISOString() : String(ts.unit === "ms" ? timestampSeconds * 1000 : timestampSeconds);
  }
  return headers;
}
