/**
 * Graceful shutdown: stop taking deliveries, let the ones in flight finish (so their dedupe
 * claims complete or are released by the pipeline, never left to wait out a lease), then close.
 */
import type { Server } from "node:http";

/** What {@link WebhookLifecycle.drain} found when it returned. */
export interface DrainResult {
  /** Deliveries that finished while draining. */
  readonly completed: number;
  /** Deliveries still running when the timeout passed (their claims expire with their lease). */
  readonly abandoned: number;
}

/**
 * Shared by every pipeline given it as `lifecycle`: counts deliveries in flight and, once
 * {@link drain} is called, has new ones answered `503 shutting down` with `Retry-After` and
 * `Connection: close`, so the provider retries them on another instance.
 */
export class WebhookLifecycle {
  #inFlight = 0;
  #draining = false;
  #completedWhileDraining = 0;
  #idle: Array<() => void> = [];

  /** True once {@link drain} was called. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Deliveries between their route match and their answer. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Counts `work` as in flight until it settles; the pipeline calls this per delivery. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#inFlight++;
    const done = (): void => {
      this.#inFlight--;
      if (this.#draining) this.#completedWhileDraining++;
      if (this.#inFlight === 0) for (const wake of this.#idle.splice(0)) wake();
    };
    work.then(done, done);
    return work;
  }

  /**
   * Stops taking deliveries and waits until none is in flight, or `timeoutMs` (default 25 s,
   * inside Kubernetes' 30 s grace period) passes.
   */
  drain(timeoutMs = 25_000): Promise<DrainResult> {
    this.#draining = true;
    const result = (): DrainResult => ({ completed: this.#completedWhileDraining, abandoned: this.#inFlight });
    if (this.#inFlight === 0) return Promise.resolve(result());
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(result()), timeoutMs);
      timer.unref?.();
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve(result());
      });
    });
  }
}

/** Options of {@link shutdownOnSignal}. */
export interface ShutdownOptions {
  readonly lifecycle: WebhookLifecycle;
  /**
   * Servers to close once drained; `onDone` waits until they have closed, i.e. until the last
   * answer is flushed (a delivery handled but not acknowledged would be retried and run twice).
   */
  readonly servers?: readonly Pick<Server, "close">[];
  /** Default `["SIGTERM", "SIGINT"]`. */
  readonly signals?: readonly NodeJS.Signals[];
  readonly timeoutMs?: number;
  /** Called after draining and closing; default: `process.exit(0)`, or 1 when deliveries were abandoned. */
  readonly onDone?: (result: DrainResult) => void;
}

/**
 * On SIGTERM (or the signals given): drain the lifecycle, close the servers, then exit. Returns a
 * function that removes the signal handlers.
 */
export function shutdownOnSignal(options: ShutdownOptions): () => void {
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  let started = false;
  const onSignal = (): void => {
    if (started) return;
    started = true;
    const timeoutMs = options.timeoutMs ?? 25_000;
    void options.lifecycle.drain(timeoutMs).then(async (result) => {
      // Node ≥ 19 closes idle keep-alive connections on close(); the callback fires when the
      // last connection (and so the last answer) is done. Bounded by the same timeout.
      const closed = (options.servers ?? []).map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
      await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref?.())]);
      (options.onDone ?? ((r: DrainResult) => process.exit(r.abandoned === 0 ? 0 : 1)))(result);
    });
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
