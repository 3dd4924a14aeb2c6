/**
 * Values that may or may not need awaiting.
 */

/**
 * A value, or a promise of it. In-memory stores answer synchronously and the pipeline only awaits
 * a thenable: an `await` on a plain value still costs a microtask turn per call, which on the hot
 * path is measurable. A networked store (Redis) simply returns promises.
 */
export type MaybePromise<T> = T | PromiseLike<T>;

/** True when `value` is a thenable the caller must await. */
export function isPromiseLike<T>(value: MaybePromise<T>): value is PromiseLike<T> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
