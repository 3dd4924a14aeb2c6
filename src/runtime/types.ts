/**
 * The data contracts between generated code and the runtime.
 *
 * Generated `provider.ts` files build a {@link ProviderDefinition} from the values in
 * `webhook.yaml`; the runtime interprets it. Everything here is plain data (no functions but
 * the validator factory) so that the generator can print it as an object literal.
 */

/** Header bag as Node gives it: lower-case names. */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/** How a delivery's signature is checked. `scheme` picks a built-in verifier. */
export type SignatureConfig =
  | { readonly scheme: "none" }
  | {
      readonly scheme: "stripe";
      /** Lower-case header name. */
      readonly header: string;
      readonly toleranceSeconds: number;
    }
  | { readonly scheme: "github"; readonly header: string }
  | {
      readonly scheme: "slack";
      readonly header: string;
      readonly timestampHeader: string;
      readonly toleranceSeconds: number;
    }
  | HmacSchemeConfig
  | AsymmetricSchemeConfig
  | TokenSchemeConfig
  | StandardWebhooksSchemeConfig;

/**
 * Where a scheme reads the timestamp it signs. With `toleranceSeconds` the timestamp must lie
 * within that many seconds of the time of receipt, both ways.
 */
export interface SignedTimestamp {
  /** Lower-case header holding the timestamp (alone, or as its `field`). */
  readonly header?: string;
  /** A `key=value` field of `header` (default: of the signature header), e.g. Paddle's `ts`. */
  readonly field?: string;
  /** Dotted path into the JSON body (Linear's `webhookTimestamp`); checked once the signature matched. */
  readonly body?: string;
  /** `s` (Unix seconds, default), `ms` (HubSpot v3, Linear) or `iso` (RFC 3339 text, any fraction digits: Twitch). */
  readonly unit?: "s" | "ms" | "iso";
  readonly toleranceSeconds?: number;
}

/** How a signature travels (headers, layout, encoding) and what bytes it covers: shared by the generic schemes. */
export interface SignedMessageConfig {
  /** Lower-case header name of the signature. Absent when {@link body} says where the signature is. */
  readonly header?: string;
  /** Further accepted header names, tried after `header` (the first present one is read). */
  readonly headers?: readonly string[];
  /**
   * Dotted path into the JSON body holding the signature, instead of a header (Mailgun:
   * `signature.signature`). The body is then parsed before verification, and `{body}` and
   * `{params}` cannot be signed (the signature is part of the body).
   */
  readonly body?: string;
  /** Encoding of each signature: `hex` (either case) or padded `base64`. */
  readonly encoding: "hex" | "base64";
  /** Stripped from each signature before decoding, e.g. `sha256=`; signatures without it are skipped. */
  readonly prefix: string;
  /** Separates several signatures in one header value (rotation); `""` means one signature. Default `" "`. */
  readonly separator?: string;
  /** `key=value` layouts (`t=…,v1=…`, `ts=…;h1=…`): the field separator and the key of the signature(s). */
  readonly fields?: { readonly separator: string; readonly signature: string };
  /**
   * Template of the signed bytes: `{body}`, `{timestamp}`, `{id}`, `{url}` (with the query string),
   * `{method}`, `{params}` (form parameters sorted by name, each name followed by its value, as
   * Twilio signs them) and `{body.<path>}` (the text of a field of the JSON body, as Mailgun signs
   * `signature.timestamp` and `signature.token`).
   */
  readonly signedContent: string;
  readonly timestamp?: SignedTimestamp;
  /** Lower-case header of the message id (`{id}`). */
  readonly idHeader?: string;
  /** Lower-case headers that must be present (Shopify's topic), else the delivery is refused. */
  readonly requiredHeaders?: readonly string[];
  /** `{url}` is this origin + the request path and query; without it, `x-forwarded-proto`/`host` headers (https default). */
  readonly urlOrigin?: string;
  /**
   * The body bound by its hash in the signed URL instead (Twilio's `?bodySHA256=` on JSON
   * bodies): when the request's query has the parameter `query`, it must be the SHA-256 of the
   * raw body (in `encoding`), and `{params}` is empty. Needs `{url}` in `signedContent`.
   */
  readonly bodyHash?: BodyHashConfig;
}

/** Where a body hash travels and how it is written (see {@link SignedMessageConfig.bodyHash}). */
export interface BodyHashConfig {
  /** Query parameter holding the hash, e.g. `bodySHA256`. */
  readonly query: string;
  /** `hex` (either case; Twilio) or padded `base64`. */
  readonly encoding: "hex" | "base64";
  /** True: a delivery without the parameter is refused. False (Twilio): form bodies carry none. */
  readonly required: boolean;
}

/** A generic HMAC scheme configured from YAML alone. */
export interface HmacSchemeConfig extends SignedMessageConfig {
  readonly scheme: "hmac";
  readonly algorithm: "sha1" | "sha256" | "sha512";
  /** How each configured secret becomes key bytes: `raw` (UTF-8, default), `base64`, `hex`, `whsec` (strip `whsec_`, base64). */
  readonly secretEncoding?: "raw" | "base64" | "hex" | "whsec";
  /** @deprecated older generated code: use `timestamp.header`. */
  readonly timestampHeader?: string;
  /** @deprecated older generated code: use `timestamp.toleranceSeconds`. */
  readonly toleranceSeconds?: number;
}

/** Ed25519 or ECDSA P-256 (SHA-256): the webhook's secret env holds the provider's public key(s). */
export interface AsymmetricSchemeConfig extends SignedMessageConfig {
  readonly scheme: "ed25519" | "ecdsa-p256";
  /** Encoding of the public key text: `hex` or `base64`, of raw key bytes or DER SPKI; PEM is always recognised. */
  readonly publicKeyEncoding: "hex" | "base64";
  /** ECDSA only: `der` (ASN.1, SendGrid) or `raw` (r‖s, 64 bytes). */
  readonly signatureFormat?: "der" | "raw";
  /** Test signing only: env var holding the private key (PKCS#8 PEM, or base64/hex PKCS#8 DER). */
  readonly privateKeyEnv?: string;
}

/** A shared token sent as-is in a header (GitLab's `X-Gitlab-Token`), compared in constant time. */
export interface TokenSchemeConfig {
  readonly scheme: "token";
  readonly header: string;
  readonly headers?: readonly string[];
  /** Stripped before comparing, e.g. `Bearer `. */
  readonly prefix: string;
}

/**
 * Standard Webhooks (and Svix): `webhook-id`/`webhook-timestamp`/`webhook-signature` (or `svix-*`),
 * `v1,` HMAC-SHA256 base64 with `whsec_` secrets and `v1a,` Ed25519 with `whpk_` public keys.
 */
export interface StandardWebhooksSchemeConfig {
  readonly scheme: "standard-webhooks";
  readonly toleranceSeconds: number;
  /** Test signing only: env var holding a `whsk_` Ed25519 private key, to sign `v1a,`. */
  readonly privateKeyEnv?: string;
}

/** Handshakes the runtime answers itself (see `src/runtime/handshakes.ts`). */
export type HandshakeConfig =
  | {
      /** Echo a challenge (Slack `url_verification`, Twitch): `{ [replyKey]: challenge }` or the bare text. */
      readonly kind: "challenge";
      readonly when: HandshakeMatch;
      /** Where the challenge is: a dotted body path. */
      readonly challenge: string;
      /** `json` answers `{ [replyKey]: value }`, `text` the bare value (Twitch). */
      readonly reply: "json" | "text";
      readonly replyKey?: string;
    }
  | {
      /** Answer a fixed JSON body (Discord PING type 1 → `{"type":1}`). */
      readonly kind: "ping";
      readonly when: HandshakeMatch;
      readonly reply: Readonly<Record<string, string | number | boolean>>;
    }
  | {
      /** Zoom `endpoint.url_validation`: `{ plainToken, encryptedToken: hex HMAC-SHA256(secret, plainToken) }`. */
      readonly kind: "url_validation";
      readonly when: HandshakeMatch;
      /** Body path of the token to sign. */
      readonly token: string;
      readonly algorithm: "sha256" | "sha512";
      readonly encoding: "hex" | "base64";
      /** Reply keys of the plain and the signed token. */
      readonly plainKey: string;
      readonly signedKey: string;
    };

/** A handshake applies when the body path `body` (or the header `header`) holds `equals`. */
export interface HandshakeMatch {
  /** Dotted body path. */
  readonly body?: string;
  readonly header?: string;
  readonly equals: string | number;
}

/** Where one value is read from: a header, or the first dotted body path that holds a value. */
export interface ValueSource {
  /** Lower-case header name. Takes precedence over `body`. */
  readonly header?: string;
  /** Dotted paths into the parsed body; the first one that holds a string or number wins. */
  readonly body?: readonly string[];
}

/** How the event type, id and timestamp are extracted from a delivery. */
export interface EventExtraction {
  /** The type; `appendBody` adds `.<value>` when that body path holds a string (GitHub's `action`). */
  readonly type: ValueSource & {
    readonly appendBody?: string;
    /** Value → event name (Discord's interaction type `2` → `application_command`), before `appendBody`. */
    readonly names?: Readonly<Record<string, string>>;
    /** When no source holds a type: the first body path holding a non-empty string names the event. */
    readonly whenPresent?: readonly { readonly path: string; readonly type: string }[];
  };
  /** The delivery/event id used for dedupe. Without one, the SHA-256 of the raw body is used. */
  readonly id?: ValueSource;
  /** The event's time. Without one, the time of receipt is used. */
  readonly timestamp?: ValueSource & { readonly unit: "s" | "ms" | "iso" };
  /**
   * The id of the object the event is about (Stripe's `data.object.id`): what `ordering:
   * per_object` orders deliveries by (docs/ordering.md). Without one, no webhook can be ordered.
   */
  readonly objectId?: ValueSource;
  /**
   * The time of the object's state the event carries; default {@link timestamp}. Never the time
   * of receipt: a delivery without a stated time is not ordered.
   */
  readonly objectTimestamp?: ValueSource & { readonly unit: "s" | "ms" | "iso" };
}

/** Validation modes of a webhook. `lenient` ignores unknown keys; `strict` rejects them. */
export type ValidationMode = "strict" | "lenient" | "off";

/** The object mode a validator table is built for. */
export type ObjectMode = Exclude<ValidationMode, "off">;

/**
 * What a payload validator must look like: structurally a zod 4 schema's `safeParse`, plus zod
 * 4.x's optional boolean `validate`, which the pipeline prefers (no output value, no error object;
 * on a `z.compile`d schema an assert-only fast path) and follows with `safeParse` only on failure.
 */
export interface PayloadValidator {
  validate?(data: unknown): boolean;
  safeParse(data: unknown):
    | { readonly success: true; readonly data?: unknown }
    | {
        readonly success: false;
        readonly error?: { readonly issues: readonly ValidationIssue[] };
      };
}

/** One validation problem, as zod reports it. */
export interface ValidationIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** zod's issue code (`invalid_type`, `invalid_value`, …), when the validator gives one. */
  readonly code?: string | undefined;
}

/**
 * Built by generated `validators.ts`: for a mode, a lookup from event name to its validator
 * (`undefined` for names outside the catalog). Implementations build validators lazily.
 */
export type ValidatorFactory = (mode: ObjectMode) => (event: string) => PayloadValidator | undefined;

/** Token bucket settings: `requestsPerMinute` refill, `burstLimit` capacity. */
export interface RateLimitConfig {
  readonly requestsPerMinute: number;
  readonly burstLimit: number;
}

/** One webhook endpoint of a provider, as declared in webhook.yaml. */
export interface WebhookConfig {
  /** URL path; a trailing slash is tolerated on requests. */
  readonly path: string;
  readonly verifySignature: boolean;
  /** Name of the environment variable holding the secret(s); several are comma-separated. */
  readonly secretEnv?: string;
  /** Subscribed event names; `undefined` means every event of the catalog. */
  readonly events?: readonly string[];
  readonly rateLimit?: RateLimitConfig;
  /** IPv4/IPv6 addresses and CIDR ranges allowed to call this webhook. */
  readonly ipAllowlist?: readonly string[];
  readonly validation: ValidationMode;
  /** Status answered for a delivery that fails validation (it is dead-lettered, not dispatched). */
  readonly invalidStatus: 202 | 422;
  readonly maxBodyBytes: number;
  /**
   * `"per_object"`: a delivery older than the newest one already admitted for the same object is
   * recorded as a `stale` dead letter and not dispatched (docs/ordering.md). Absent: no ordering.
   */
  readonly ordering?: "per_object";
  /**
   * How handlers run (docs/queue.md): `inline` (default) inside the request; `queue` on a durable
   * queue, acknowledged at once; `auto` inline, handed to the queue when the provider's
   * acknowledgement budget (`ProviderDefinition.delivery`) is nearly spent.
   */
  readonly mode?: DeliveryMode;
}

/** How a webhook's handlers run: in the request, on the queue, or inline until the acknowledgement budget runs out. */
export type DeliveryMode = "inline" | "queue" | "auto";

/** What the provider expects of an acknowledgement (webhook.yaml `provider.delivery`). */
export interface DeliveryBudget {
  /** Seconds the provider waits for an answer before it counts the delivery as failed (Slack 3, GitHub 10). */
  readonly timeoutSeconds: number;
  /** What the provider does after a failed delivery, where it says (information for people and `list`). */
  readonly retries?: RetrySchedule;
}

/** A provider's redelivery policy (webhook.yaml `provider.delivery.retries`). */
export interface RetrySchedule {
  /** Redeliveries after the first failed attempt, where the provider states a number; 0: none. */
  readonly attempts?: number;
  /** How long the provider keeps retrying, in hours. */
  readonly windowHours?: number;
  /** The schedule in the provider's own words. */
  readonly schedule: string;
}

/** Everything the runtime needs to receive one provider's webhooks. */
export interface ProviderDefinition {
  readonly name: string;
  /** The webhook.yaml this definition was generated from (for logs). */
  readonly source: string;
  readonly signature: SignatureConfig;
  readonly event: EventExtraction;
  readonly bodyFormat: "json" | "form";
  /** A built-in handshake by name, or generic ones from webhook.yaml (`src/runtime/handshakes.ts`). */
  readonly handshake?: "slack_url_verification" | readonly HandshakeConfig[];
  /** The provider's acknowledgement deadline, used by `mode: auto` (docs/queue.md). */
  readonly delivery?: DeliveryBudget;
  /** Every event name of the catalog, sorted. */
  readonly events: readonly string[];
  readonly validators?: ValidatorFactory;
  readonly webhooks: Readonly<Record<string, WebhookConfig>>;
}

/** What an adapter hands the pipeline: its framework's request, reduced to the essentials. */
export interface WebhookRequest {
  readonly method: string;
  /** Path without query string (what routes are matched on). */
  readonly path: string;
  /**
   * The raw query string after `?`, not decoded (`undefined` when the request target has no `?`):
   * signature schemes that sign the full URL (`{url}`: Twilio) need it. Never used for routing.
   */
  readonly query?: string | undefined;
  readonly headers: HeaderBag;
  /** The TCP peer address (never a forwarded header: the pipeline decides whom to trust). */
  readonly remoteAddress: string | undefined;
  /**
   * Reads the raw body, rejecting (or throwing) {@link BodyTooLargeError} past `limit` bytes and
   * {@link BodyTimeoutError} when it has not fully arrived within `timeoutMs`. Called at most
   * once, after the guards passed. An adapter that already holds the bytes may return them
   * directly (and ignore the deadline): the pipeline awaits only a thenable.
   */
  readBody(limit: number, timeoutMs: number): Uint8Array | PromiseLike<Uint8Array>;
}

/** What the pipeline answers; adapters write it back verbatim. */
export interface WebhookResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text. */
  readonly body: string;
}

/** Thrown by `readBody` when the body exceeds its limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** Thrown by `readBody` when the body did not arrive within its deadline; answered 408. */
export class BodyTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`request body not received within ${timeoutMs} ms`);
    this.name = "BodyTimeoutError";
  }
}

/** Thrown by `readBody` when a framework already consumed the stream and kept no raw bytes. */
export class RawBodyUnavailableError extends Error {
  constructor(detail: string) {
    super(`raw request body is unavailable: ${detail}`);
    this.name = "RawBodyUnavailableError";
  }
}
