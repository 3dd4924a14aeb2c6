/**
 * Runs steps in order: the one synchronous fast path of the pipeline. A step may answer a plain
 * value or a thenable; the runner awaits only thenables, so a delivery whose stores, verifier and
 * handlers are all synchronous runs start to finish without suspending (an `await` on a plain
 * value still costs a microtask turn, which on the hot path is measurable).
 */
import { isPromiseLike, type MaybePromise } from "../maybe-promise.js";

/** A step: `undefined` to go on, or the value that ends the run. May throw. */
export type Step<S, R> = (state: S) => MaybePromise<R | undefined>;

/** Runs `steps` over `state` until one returns a value; `done` when all went on. */
export function runSteps<S, R>(steps: readonly Step<S, R>[], state: S, done: R): MaybePromise<R> {
  return runStepsThen(steps, state, done, same, rethrow);
}

/**
 * {@link runSteps}, then `finish` on the result, or `fail` on an error thrown after the run
 * suspended, all in the runner's own continuation: a caller that chained `then(finish, fail)`
 * onto the run would spend one more microtask turn and promise per suspended delivery. A
 * synchronous throw before any suspension is the caller's to catch, where it happens.
 */
export function runStepsThen<S, R, T>(
  steps: readonly Step<S, R>[],
  state: S,
  done: R,
  finish: (result: R) => MaybePromise<T>,
  fail: (error: unknown) => MaybePromise<T>,
): MaybePromise<T> {
  for (let i = 0; i < steps.length; i++) {
    const result = steps[i]!(state);
    if (isPromiseLike(result)) return continueAsync(steps, i, result, state, done, finish, fail);
    if (result !== undefined) return finish(result);
  }
  return finish(done);
}

const same = <R>(result: R): R => result;
const rethrow = (error: unknown): never => {
  throw error;
};

/** Finishes {@link runStepsThen} from step `index`, whose thenable `pending` is awaited first. */
async function continueAsync<S, R, T>(
  steps: readonly Step<S, R>[],
  index: number,
  pending: PromiseLike<R | undefined>,
  state: S,
  done: R,
  finish: (result: R) => MaybePromise<T>,
  fail: (error: unknown) => MaybePromise<T>,
): Promise<T> {
  let result: R | undefined;
  try {
    result = await pending;
    for (let i = index; ; ) {
      if (result !== undefined) break;
      if (++i >= steps.length) {
        result = done;
        break;
      }
      const next = steps[i]!(state);
      result = isPromiseLike(next) ? await next : next;
    }
  } catch (error) {
    return fail(error);
  }
  return finish(result);
}

/**
 * How every step handles a value that may be a thenable: `onValue` runs synchronously on a plain
 * value; a thenable is awaited and routed to `onValue` or `onError`. A plain value never meets
 * `onError`: synchronous throws are the caller's to catch, where they happen.
 */
export function whenReady<T, U>(
  pending: MaybePromise<T>,
  onValue: (value: T) => MaybePromise<U>,
  onError: (error: unknown) => MaybePromise<U>,
): MaybePromise<U> {
  return isPromiseLike(pending) ? Promise.resolve(pending).then(onValue, onError) : onValue(pending);
}
