/**
 * The request pipeline, composed from its steps:
 *
 *   guard → read → verify → throttle → identify → validate → claim → order → dispatch, then settle → answer
 *
 * Each step (src/runtime/pipeline/steps/) does one job and names an {@link Outcome} when the
 * delivery stops there; `settle` runs after every outcome; the outcome table turns the outcome
 * into the HTTP answer. Nothing unverified is ever dispatched, and a 2xx for a delivery that was
 * not dispatched always leaves a dead letter behind.
 */
import { errorMessage } from "./errors.js";
import { isPromiseLike } from "./maybe-promise.js";
import { Delivery } from "./pipeline/delivery.js";
import { FailureBudget } from "./pipeline/failure-budget.js";
import { resolveSettings, type PipelineOptions, type PipelineSettings } from "./pipeline/options.js";
import { answerFor, OUTCOMES, type Outcome } from "./pipeline/outcomes.js";
import { resolveRouteContext, type RouteContext } from "./pipeline/route-context.js";
import { runStepsThen, type Step } from "./pipeline/run-steps.js";
import { createClaim } from "./pipeline/steps/claim.js";
import { createDispatch } from "./pipeline/steps/dispatch.js";
import { createEnqueue } from "./pipeline/steps/enqueue.js";
import { createGuard } from "./pipeline/steps/guard.js";
import { createIdentify } from "./pipeline/steps/identify.js";
import { createOrder } from "./pipeline/steps/order.js";
import { createRead } from "./pipeline/steps/read.js";
import { createSettle } from "./pipeline/steps/settle.js";
import { createThrottle } from "./pipeline/steps/throttle.js";
import { createValidate } from "./pipeline/steps/validate.js";
import { createVerify } from "./pipeline/steps/verify.js";
import * as R from "./respond.js";
import { RouteTable, type WebhookRoute } from "./routes.js";
import { readSecrets } from "./secrets.js";
import type { WebhookRequest, WebhookResponse } from "./types.js";

export type { PipelineOptions, TokenBudget } from "./pipeline/options.js";

/** A pipeline entry point: `undefined` when the path is not one of ours (call `next()`). */
export type WebhookHandlerFn = (req: WebhookRequest) => Promise<WebhookResponse | undefined>;

/** What a handler answers for paths that are not ours; one shared settled promise. */
const NOT_OURS: Promise<undefined> = Promise.resolve(undefined);

/** The steps in order. A new step (a queue hand-off, an acknowledgement deadline) is one more entry. */
function createSteps(settings: PipelineSettings): readonly Step<Delivery, Outcome>[] {
  const failures = new FailureBudget(settings);
  return [
    createGuard(settings, failures),
    createRead(settings),
    createVerify(settings, failures),
    createThrottle(settings),
    createIdentify(settings),
    createValidate(settings),
    createClaim(settings),
    // After claim (duplicates stay duplicates), before dispatch (a stale delivery never runs).
    createOrder(settings),
    // Queue mode: the claimed, in-order delivery goes on the durable queue instead of running here.
    createEnqueue(settings),
    createDispatch(settings),
  ];
}

/**
 * Builds the pipeline for `routes`. The returned function never rejects: unexpected errors
 * become a logged 500.
 */
export function createWebhookHandler(routes: readonly WebhookRoute[], options: PipelineOptions = {}): WebhookHandlerFn {
  const table = new RouteTable(routes);
  const settings = resolveSettings(options);
  const { log } = settings;
  const steps = createSteps(settings);
  const settle = createSettle(settings);
  const contexts = new Map<WebhookRoute, RouteContext>();
  checkSecretsAtStart(routes, settings, options.requireSecrets === true);

  function contextOf(route: WebhookRoute): RouteContext | undefined {
    let ctx = contexts.get(route);
    if (ctx !== undefined) return ctx;
    try {
      ctx = resolveRouteContext(route, settings);
    } catch (error) {
      log.error(`webhook route ${route.path} cannot be served: ${errorMessage(error)}`, { provider: route.provider, webhook: route.webhook });
      return undefined;
    }
    contexts.set(route, ctx);
    return ctx;
  }

  function crashed(route: WebhookRoute, error: unknown): WebhookResponse {
    log.error(`webhook pipeline failed: ${errorMessage(error)}`, { provider: route.provider, webhook: route.webhook, error });
    return R.INTERNAL_ERROR;
  }

  function answer(d: Delivery, outcome: Outcome): WebhookResponse | Promise<WebhookResponse> {
    const settled = settle(d, outcome);
    if (outcome === "processed" && log.debugEnabled) log.debug("processed", { ...d.ctx.where, type: d.event!.type, id: d.event!.id });
    if (!isPromiseLike(settled)) return answerFor(outcome, d);
    return Promise.resolve(settled).then(() => answerFor(outcome, d));
  }

  /** The answer to `outcome`, with anything `answer` throws or rejects with turned into the logged 500. */
  function answerSafely(route: WebhookRoute, d: Delivery, outcome: Outcome): WebhookResponse | Promise<WebhookResponse> {
    try {
      const response = answer(d, outcome);
      return isPromiseLike(response) ? Promise.resolve(response).then(undefined, (error: unknown) => crashed(route, error)) : response;
    } catch (error) {
      return crashed(route, error);
    }
  }

  function handle(route: WebhookRoute, req: WebhookRequest): Promise<WebhookResponse> {
    try {
      const ctx = contextOf(route);
      if (ctx === undefined) return Promise.resolve(R.MISCONFIGURED);
      const d = new Delivery(req, ctx, settings.now());
      // The answer is built in the runner's own continuation: no link per delivery after it.
      const response = runStepsThen(
        steps,
        d,
        "processed" as Outcome,
        (outcome) => answerSafely(route, d, outcome),
        (error) => crashed(route, error),
      );
      // A native promise comes back as itself; the all-synchronous path costs one settled promise.
      return Promise.resolve(response);
    } catch (error) {
      return Promise.resolve(crashed(route, error));
    }
  }

  const { lifecycle } = options;
  if (lifecycle === undefined) {
    return (req) => {
      const route = table.match(req.path);
      return route === undefined ? NOT_OURS : handle(route, req);
    };
  }
  // Draining: refuse before reading a byte, so nothing new is claimed or run.
  const shuttingDown = Promise.resolve(OUTCOMES.shutting_down.answer as WebhookResponse);
  return (req) => {
    const route = table.match(req.path);
    if (route === undefined) return NOT_OURS;
    return lifecycle.draining ? shuttingDown : lifecycle.track(handle(route, req));
  };
}

/**
 * Says at start-up, not at the first delivery, which routes will refuse every delivery because
 * their signing secret env var is unset. Routes whose provider is not registered yet are checked
 * on their first request instead (the 500 path logs the same cause).
 */
function checkSecretsAtStart(routes: readonly WebhookRoute[], settings: PipelineSettings, require: boolean): void {
  const missing: string[] = [];
  for (const route of routes) {
    const config = settings.registry.provider(route.provider)?.webhooks[route.webhook];
    if (config === undefined || !config.verifySignature || config.secretEnv === undefined) continue;
    if (readSecrets(settings.env, config.secretEnv).length === 0) missing.push(`${config.secretEnv} (${route.provider}/${route.webhook} at ${route.path})`);
  }
  if (missing.length === 0) return;
  const message = `signing secret env var not set: ${missing.join(", ")}; these webhooks refuse every delivery with 500 until it is`;
  if (require) throw new Error(message);
  settings.log.error(message);
}

/**
 * Wraps a pipeline for adapters that own all traffic (node:http, fetch): paths that are not ours
 * get a JSON 404 instead of `undefined`.
 */
export function withNotFound(handler: WebhookHandlerFn): (req: WebhookRequest) => Promise<WebhookResponse> {
  return (req) => handler(req).then(orNotFound);
}

/** The pipeline's answer, or the JSON 404 for a path that is not ours. */
export function orNotFound(response: WebhookResponse | undefined): WebhookResponse {
  return response ?? R.NOT_FOUND;
}
