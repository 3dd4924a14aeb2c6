/**
 * Which mode a route runs in, and its acknowledgement budget: resolved once per route context.
 */
import type { QueueOptions } from "../pipeline/options.js";
import type { RouteContext } from "../pipeline/route-context.js";
import type { DeliveryMode } from "./types.js";

const DEFAULT_MARGIN_MS = 1_000;
const DEFAULT_BUDGET_MS = 10_000;
/** Never hand off sooner than this: below it the hand-off costs more than the handler. */
const MIN_HANDOFF_MS = 50;

/** A route's mode and, for `auto`, when its inline run is handed off (ms after it started). */
export interface RouteMode {
  readonly mode: DeliveryMode;
  readonly handoffAfterMs: number;
}

const resolved = new WeakMap<RouteContext, RouteMode>();

/** `queue.modes` (most specific key first), then webhook.yaml's `mode`, then `inline`. */
export function routeMode(ctx: RouteContext, queue: QueueOptions | undefined): RouteMode {
  let mode = resolved.get(ctx);
  if (mode !== undefined) return mode;
  const { provider, webhook } = ctx.where;
  const modes = queue?.modes;
  const chosen = modes?.[`${provider}/${webhook}`] ?? modes?.[provider] ?? modes?.["*"] ?? ctx.config.mode ?? "inline";
  const timeoutSeconds = ctx.def.delivery?.timeoutSeconds;
  const budgetMs = timeoutSeconds === undefined ? (queue?.defaultBudgetMs ?? DEFAULT_BUDGET_MS) : timeoutSeconds * 1000;
  mode = { mode: chosen, handoffAfterMs: Math.max(MIN_HANDOFF_MS, budgetMs - (queue?.ackMarginMs ?? DEFAULT_MARGIN_MS)) };
  resolved.set(ctx, mode);
  return mode;
}
