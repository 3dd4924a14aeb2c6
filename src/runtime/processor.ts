/**
 * A processor: the place where one webhook's routes and the user's handlers meet.
 */
import { DeadLetterList, type DeadLetterEntry, type DeadLetterHook, type DeadLetterInput, type DeadLetterLimits } from "./dead-letter.js";
import type { EventMap, EventOf, HandlerEvent, HandlerName, HandlerResult, WebhookEvent, WebhookHandler, WebhookMiddleware } from "./event.js";
import type { DriftHook, DriftReport } from "./drift.js";
import { isPromiseLike, type MaybePromise } from "./maybe-promise.js";
import type { WebhookVerifier } from "./verifiers/verifier.js";

type AnyHandler = WebhookHandler<WebhookEvent>;
type AnyMiddleware = WebhookMiddleware<WebhookEvent>;
type Call = (event: WebhookEvent) => MaybePromise<HandlerResult | void>;

/** What one event type runs: middleware first (their results ignored), then handlers. */
interface DispatchPlan {
  readonly calls: readonly Call[];
  readonly middlewareCount: number;
}

/** Dispatches verified, parsed events to middleware and handlers of one provider webhook. */
export class Processor<M extends EventMap = Record<string, unknown>> {
  readonly #handlers = new Map<string, AnyHandler[]>();
  readonly #wildcard: AnyHandler[] = [];
  readonly #middleware: AnyMiddleware[] = [];
  readonly #deadLetterHooks: DeadLetterHook[] = [];
  readonly #driftHooks: DriftHook[] = [];
  readonly #deadLetters: DeadLetterList;
  /** Dispatch plans per event type; cleared whenever `on` or `use` changes them. */
  readonly #plans = new Map<string, DispatchPlan>();
  #verifier: WebhookVerifier | undefined;

  /**
   * Use `getWebhookRegistry().createProcessor(provider, webhook)`; constructing one directly
   * gives a processor no route will ever reach.
   */
  constructor(
    readonly provider: string,
    readonly webhook: string,
    options: { readonly deadLetters?: DeadLetterLimits; readonly deadLetterCapacity?: number } = {},
  ) {
    this.#deadLetters = new DeadLetterList({ maxEntries: options.deadLetterCapacity, ...options.deadLetters });
  }

  /**
   * Handles an event (`"issues.opened"`), every event of a group (`"issues"`: all `issues.*`
   * actions, narrowed by `type`), or every dispatched event (`"*"`, which also receives verified
   * events outside the catalog, typed with `payload: unknown`, when the webhook has no `events:`
   * filter). Several names may be given as an array. A name outside this webhook's events is a
   * compile error.
   */
  on<E extends HandlerName<M>>(event: E | readonly E[], handler: WebhookHandler<HandlerEvent<M, E>>): this;
  on(event: string | readonly string[], typedHandler: WebhookHandler<never>): this {
    const handler = typedHandler as AnyHandler;
    const names = typeof event === "string" ? [event] : event;
    this.#plans.clear();
    for (const name of names) {
      if (name === "*") {
        this.#wildcard.push(handler);
        continue;
      }
      const list = this.#handlers.get(name);
      if (list === undefined) this.#handlers.set(name, [handler]);
      else list.push(handler);
    }
    return this;
  }

  /** Adds middleware; it runs before handlers, in `use` order. Throwing fails the delivery (500). */
  use(middleware: WebhookMiddleware<EventOf<M>>): this {
    this.#middleware.push(middleware as AnyMiddleware);
    this.#plans.clear();
    return this;
  }

  /** A custom verifier replacing the one webhook.yaml configures (`undefined` = the configured one). */
  get verifier(): WebhookVerifier | undefined {
    return this.#verifier;
  }

  set verifier(verifier: WebhookVerifier | undefined) {
    this.#verifier = verifier;
  }

  /** Subscribes to dead letters: verified deliveries kept instead of dispatched (see `DeadLetterReason`). */
  onDeadLetter(hook: DeadLetterHook): this {
    this.#deadLetterHooks.push(hook);
    return this;
  }

  /**
   * Subscribes to schema drift: with `validation: lenient`, a delivery that departs from its
   * schema is still dispatched (with `event.drift`), and each distinct (type, path, kind) is
   * reported here once per pipeline.
   */
  onDrift(hook: DriftHook): this {
    this.#driftHooks.push(hook);
    return this;
  }

  /** Calls the drift hooks; a throwing hook goes to `onHookError`, never to the provider's answer. */
  reportDrift(report: DriftReport, onHookError: (error: unknown) => void): void {
    for (const hook of this.#driftHooks) {
      try {
        hook(report);
      } catch (error) {
        onHookError(error);
      }
    }
  }

  /** The most recent dead letters (bounded in entries and bytes; see {@link DeadLetterList}), oldest first. */
  get deadLetters(): readonly DeadLetterEntry[] {
    return this.#deadLetters.list();
  }

  /** True when at least one handler (typed, group or `"*"`) would receive `type`. */
  handles(type: string): boolean {
    return this.#planFor(type).calls.length > this.#middleware.length;
  }

  /** True when `"*"` handlers exist (they also receive events outside the catalog). */
  hasWildcard(): boolean {
    return this.#wildcard.length > 0;
  }

  /** True when dispatching `type` would run anything at all (middleware, typed, group or `"*"` handlers). */
  dispatches(type: string): boolean {
    return this.#planFor(type).calls.length > 0;
  }

  /**
   * Runs middleware, then handlers for `event.type` in `on` order, then `"*"` handlers.
   * Resolves with the first handler result that is not `undefined`. Errors propagate.
   * Public so handlers can be exercised in tests without HTTP.
   */
  async dispatch(event: EventOf<M> | WebhookEvent): Promise<HandlerResult> {
    return this.dispatchNow(event as WebhookEvent);
  }

  /**
   * {@link dispatch} without the promise when nothing needs one: it answers synchronously until
   * a middleware or handler returns a thenable, and only then continues asynchronously. Most
   * handlers are sync or fast; awaiting each of their plain return values would cost a microtask
   * turn apiece. May throw synchronously. Used by the pipeline.
   */
  dispatchNow(event: WebhookEvent): MaybePromise<HandlerResult> {
    const plan = this.#planFor(event.type);
    let result: HandlerResult;
    for (let i = 0; i < plan.calls.length; i++) {
      const returned = plan.calls[i]!(event);
      if (isPromiseLike(returned)) return this.#continueAsync(plan, i, returned, event, result);
      if (i >= plan.middlewareCount && result === undefined && returned !== undefined) result = returned;
    }
    return result;
  }

  /** Finishes {@link dispatchNow} from call `index`, whose thenable `pending` is awaited first. */
  async #continueAsync(
    plan: DispatchPlan,
    index: number,
    pending: PromiseLike<HandlerResult | void>,
    event: WebhookEvent,
    resultSoFar: HandlerResult,
  ): Promise<HandlerResult> {
    let result = resultSoFar;
    let returned = await pending;
    for (let i = index; ;) {
      if (i >= plan.middlewareCount && result === undefined && returned !== undefined) result = returned;
      if (++i >= plan.calls.length) return result;
      returned = await plan.calls[i]!(event);
    }
  }

  /**
   * Middleware, then handlers for `type`, then for its groups (longest first: `a.b` before `a`),
   * then `"*"` handlers, flattened once per type.
   */
  #planFor(type: string): DispatchPlan {
    let plan = this.#plans.get(type);
    if (plan === undefined) {
      const typed: AnyHandler[] = [...(this.#handlers.get(type) ?? [])];
      for (let dot = type.lastIndexOf("."); dot > 0; dot = type.lastIndexOf(".", dot - 1)) {
        typed.push(...(this.#handlers.get(type.slice(0, dot)) ?? []));
      }
      const calls = [...this.#middleware, ...typed, ...this.#wildcard] as Call[];
      plan = { calls, middlewareCount: this.#middleware.length };
      // Event types come from verified deliveries of a fixed catalog, so this stays small.
      this.#plans.set(type, plan);
    }
    return plan;
  }

  /**
   * Records a dead letter and calls the hooks. Hook failures are handed to `onHookError`
   * rather than thrown: the provider's answer must not depend on them.
   */
  async recordDeadLetter(input: DeadLetterInput, onHookError: (error: unknown) => void): Promise<void> {
    const entry = await this.#deadLetters.push(input);
    for (const hook of this.#deadLetterHooks) {
      try {
        await hook(entry);
      } catch (error) {
        onHookError(error);
      }
    }
  }
}
