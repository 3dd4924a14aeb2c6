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
  | {
      /** A generic HMAC scheme configured from YAML alone. */
      readonly scheme: "hmac";
      readonly header: string;
      readonly algorithm: "sha1" | "sha256" | "sha512";
      readonly encoding: "hex" | "base64";
      /** Stripped from the header value before comparing, e.g. `sha256=`. */
      readonly prefix: string;
      /** Template of the signed bytes: `{body}`, `{timestamp}`, `{id}` placeholders. */
      readonly signedContent: string;
      readonly timestampHeader?: string;
      readonly idHeader?: string;
      readonly toleranceSeconds?: number;
    };

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
    /** When no source holds a type: the first body path holding a non-empty string names the event. */
    readonly whenPresent?: readonly { readonly path: string; readonly type: string }[];
  };
  /** The delivery/event id used for dedupe. Without one, the SHA-256 of the raw body is used. */
  readonly id?: ValueSource;
  /** The event's time. Without one, the time of receipt is used. */
  readonly timestamp?: ValueSource & { readonly unit: "s" | "ms" | "iso" };
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
}

/** Everything the runtime needs to receive one provider's webhooks. */
export interface ProviderDefinition {
  readonly name: string;
  /** The webhook.yaml this definition was generated from (for logs). */
  readonly source: string;
  readonly signature: SignatureConfig;
  readonly event: EventExtraction;
  readonly bodyFormat: "json" | "form";
  readonly handshake?: "slack_url_verification";
  /** Every event name of the catalog, sorted. */
  readonly events: readonly string[];
  readonly validators?: ValidatorFactory;
  readonly webhooks: Readonly<Record<string, WebhookConfig>>;
}

/** What an adapter hands the pipeline: its framework's request, reduced to the essentials. */
export interface WebhookRequest {
  readonly method: string;
  /** Path without query string. */
  readonly path: string;
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
