/**
 * Public types of events, handlers and the augmentable provider registry.
 */

import type { DriftIssue } from "./drift.js";

/**
 * Provider → webhook name → event map (event name → payload type).
 *
 * Empty here; generated `generated/index.ts` augments it, e.g.
 * `declare module "smart-api-integrations" { interface WebhookProviders { stripe: { default: StripeDefaultEvents } } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface WebhookProviders {}

/** An event map: event name → payload type. */
export type EventMap = object;

/** The event handed to middleware and handlers. */
export interface WebhookEvent<TPayload = unknown, TType extends string = string> {
  readonly provider: string;
  readonly webhook: string;
  /** The provider's delivery/event id (or the SHA-256 of the body when it sends none). */
  readonly id: string;
  readonly type: TType;
  /** The event's time as the provider states it, else the time of receipt. */
  readonly timestamp: Date;
  readonly payload: TPayload;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: Uint8Array;
  /** True for an event of the catalog, false for one outside it (only `"*"` handlers see those). */
  readonly known?: boolean;
  /** Where the payload departs from its schema (lenient validation dispatches it anyway); empty when it conforms. */
  readonly drift?: readonly DriftIssue[];
}

/** The union of typed events of a map, each narrowed by its `type`. */
export type EventOf<M extends EventMap> = {
  [K in keyof M & string]: WebhookEvent<M[K], K> & { readonly known: true };
}[keyof M & string];

/**
 * A verified event whose type is outside the catalog, as `on("*")` handlers receive it (when the
 * webhook has no `events:` filter). Its `known` is `false`: test `event.known` first, then
 * `event.type`, to narrow a `"*"` handler's event to a catalog payload.
 */
export type UnknownWebhookEvent = WebhookEvent<unknown, string> & { readonly known: false };

/**
 * Event groups of a set of names: every prefix before a dot (`issues` for `issues.opened`;
 * `customer` and `customer.subscription` for `customer.subscription.created`).
 */
export type EventGroup<K extends string> = K extends `${infer G}.${infer Rest}` ? G | `${G}.${EventGroup<Rest>}` : never;

/** What `on()` accepts: an event name, an event group, or `"*"`. */
export type HandlerName<M extends EventMap> = (keyof M & string) | EventGroup<keyof M & string> | "*";

/** The event names a handler name stands for: itself, or every member of the group. */
export type NamesOf<M extends EventMap, E extends string> = E extends keyof M ? E : Extract<keyof M & string, `${E}.${string}`>;

/** The event a handler registered under `E` receives (distributes over a union of names). */
export type HandlerEvent<M extends EventMap, E extends string> = E extends "*"
  ? EventOf<M> | UnknownWebhookEvent
  : EventOf<Pick<M, NamesOf<M, E>>>;

/** A JSON value a handler may return as the response body. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/** What a handler returns: a JSON object for the response body, or nothing for `{ "status": "processed" }`. */
export type HandlerResult = { readonly [key: string]: JsonValue | undefined } | void | undefined;

/** A handler for one event (or for `"*"`: every dispatched event). */
export type WebhookHandler<E> = (event: E) => HandlerResult | Promise<HandlerResult>;

/** Middleware runs before handlers, in `use` order; throwing fails the delivery with 500. */
export type WebhookMiddleware<E> = (event: E) => void | Promise<void>;
