/**
 * One request's state as it moves through the steps. A plain mutable object: each step fills in
 * what it learned (the bytes, the verified digest, the event) for the steps after it.
 */
import type { DriftIssue } from "../drift.js";
import type { WebhookEvent } from "../event.js";
import { resolveClientIp } from "../guards/ip.js";
import { normalizeHeaders } from "../headers.js";
import type { HeaderBag, ValidationIssue, WebhookRequest } from "../types.js";
import type { PipelineSettings } from "./options.js";
import type { OutcomeDetails } from "./outcomes.js";
import type { RouteContext } from "./route-context.js";

const EMPTY = new Uint8Array(0);
const NO_DRIFT: readonly DriftIssue[] = Object.freeze([]);
const NO_SECRETS: readonly string[] = Object.freeze([]);

/**
 * The event handed to middleware and handlers. `headers` and `timestamp` are built on first
 * access: most handlers never read them, and copying every header cost each delivery measurable time.
 */
export class DeliveryEvent implements WebhookEvent {
  #headers: Readonly<Record<string, string>> | undefined;
  #timestamp: Date | undefined;
  /** Set by validate in lenient mode when the payload departs from its schema. */
  drift: readonly DriftIssue[] = NO_DRIFT;

  constructor(
    readonly provider: string,
    readonly webhook: string,
    readonly id: string,
    readonly type: string,
    /** The event's time in ms; `timestamp` builds its Date on first access. */
    readonly timestampMs: number,
    readonly payload: unknown,
    readonly rawBody: Uint8Array,
    readonly headerBag: HeaderBag,
    readonly known: boolean,
  ) {}

  /** The event's time as the provider states it, else the time of receipt. */
  get timestamp(): Date {
    return (this.#timestamp ??= new Date(this.timestampMs));
  }

  /** Lower-case names, string values; repeated headers joined with `, `. */
  get headers(): Readonly<Record<string, string>> {
    return (this.#headers ??= normalizeHeaders(this.headerBag));
  }

  /** A plain object with the same fields (what `JSON.stringify` and test matchers see). */
  toJSON(): WebhookEvent {
    const { provider, webhook, id, type, timestamp, payload, rawBody, headers, known, drift } = this;
    return { provider, webhook, id, type, timestamp, payload, rawBody, headers, known, drift };
  }
}

/** A request in flight through the pipeline. */
export class Delivery implements OutcomeDetails {
  /** The raw bytes, once read. */
  rawBody: Uint8Array = EMPTY;
  /** The MAC that verified the delivery, when its verifier reports one. */
  digest: Uint8Array | undefined;
  /** The parsed body, once identified. */
  payload: unknown;
  /** The identified event (its type may lie outside the catalog). */
  event: DeliveryEvent | undefined;
  /** Validation issues of a payload kept as a dead letter. */
  issues: readonly ValidationIssue[] = [];
  /** The dedupe key this delivery claimed; settled at the end. */
  claimKey: string | undefined;
  /** JSON text of the answer, for outcomes whose body varies (handler results, handshakes). */
  body: string | undefined;
  /** The content type of {@link body} when it is not JSON (a handshake answered in plain text). */
  bodyType: string | undefined;
  /** The secrets the delivery was verified with; a handshake that signs its reply uses the first. */
  secrets: readonly string[] = NO_SECRETS;
  retryAfterMs = 0;
  #clientIp: string | undefined | null = null;

  constructor(
    readonly req: WebhookRequest,
    readonly ctx: RouteContext,
    readonly receivedAt: number,
  ) {}

  get invalidStatus(): 202 | 422 {
    return this.ctx.config.invalidStatus;
  }

  /** The client address: the TCP peer, or the client behind explicitly trusted proxies. Computed once. */
  clientIp(settings: PipelineSettings): string | undefined {
    if (this.#clientIp === null) {
      this.#clientIp = resolveClientIp(this.req.remoteAddress, this.req.headers["x-forwarded-for"], settings.trustedProxies);
    }
    return this.#clientIp;
  }
}
