/**
 * Coarse deadlines for body reads (the Node adapters, and web-standard requests on Node): one
 * interval per timeout value sweeps every pending read, instead of one timer per request.
 * Arming and disarming a Node timer per request cost ~2 µs of a ~90 µs request under load
 * (timer-list insert, unenroll, ref toggling, in CPU profiles of the node:http bench); a Set add
 * and delete cost a fraction of that. A deadline fires at most `max(10 ms, timeout / 8)` late and
 * never early.
 */

/** A pending deadline; `cancel()` once the read finished (idempotent). */
export interface Deadline {
  cancel(): void;
}

/** A pending read's deadline; a class, so cancelling needs no closure per read. */
class Entry implements Deadline {
  constructor(
    readonly pending: Set<Entry>,
    readonly at: number,
    readonly fire: () => void,
  ) {}

  cancel(): void {
    this.pending.delete(this);
  }
}

/** Ticks an idle sweep survives before its interval is cleared (so steady traffic never re-arms it). */
const IDLE_TICKS = 4;

/** All reads sharing one timeout value, in arming order, which is deadline order. */
class Sweep {
  readonly #pending = new Set<Entry>();
  readonly #everyMs: number;
  #interval: ReturnType<typeof setInterval> | undefined;
  #idle = 0;

  constructor(readonly timeoutMs: number) {
    this.#everyMs = Math.max(10, Math.ceil(timeoutMs / 8));
  }

  add(fire: () => void): Deadline {
    const pending = this.#pending;
    const entry = new Entry(pending, Date.now() + this.timeoutMs, fire);
    pending.add(entry);
    if (this.#interval === undefined) {
      this.#interval = setInterval(() => this.#tick(), this.#everyMs);
      // A stalled upload's socket keeps the process alive; the sweep itself must not.
      this.#interval.unref?.();
    }
    return entry;
  }

  #tick(): void {
    if (this.#pending.size === 0) {
      if (++this.#idle >= IDLE_TICKS) {
        clearInterval(this.#interval);
        this.#interval = undefined;
        this.#idle = 0;
      }
      return;
    }
    this.#idle = 0;
    const now = Date.now();
    for (const entry of this.#pending) {
      if (entry.at > now) break;
      this.#pending.delete(entry);
      try {
        entry.fire();
      } catch {
        // A deadline callback only rejects its read; one that throws must not stop the others.
      }
    }
  }
}

const sweeps = new Map<number, Sweep>();

const NEVER: Deadline = { cancel() {} };

/**
 * Calls `fire` once, about `timeoutMs` from now, unless cancelled first. A timeout that is not a
 * positive finite number never fires.
 */
export function armDeadline(timeoutMs: number, fire: () => void): Deadline {
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) return NEVER;
  let sweep = sweeps.get(timeoutMs);
  if (sweep === undefined) sweeps.set(timeoutMs, (sweep = new Sweep(timeoutMs)));
  return sweep.add(fire);
}
