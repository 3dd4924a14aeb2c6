/**
 * The run ledger in Redis: one string key per delivery key, `run:<token>` while a run holds its
 * lease (PX, renewed) and `done` once the handlers completed. Each operation is one Lua script
 * over one key (atomic, Cluster-safe), through the same one-function adapter as the other stores.
 */
import { evalOf, type RedisConnection, type RedisEval } from "../stores/redis.js";
import type { RunLedger, RunState } from "./types.js";

const DONE = "done";

/** Free → take it; `done` → done; our own lease → extend it; someone else's → busy. */
const BEGIN_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if not v then redis.call('SET', KEYS[1], 'run:' .. ARGV[1], 'PX', ARGV[2]) return 'claimed' end
if v == '${DONE}' then return '${DONE}' end
if v == 'run:' .. ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 'claimed' end
return 'busy'
`;

const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == 'run:' .. ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** The handlers ran: whoever held the lease, the key is done. */
const FINISH_SCRIPT = `
redis.call('SET', KEYS[1], '${DONE}', 'PX', ARGV[1])
return 1
`;

/** Compare-and-delete: a late abandon never erases `done` or another run's lease. */
const ABANDON_SCRIPT = `
if redis.call('GET', KEYS[1]) == 'run:' .. ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

function ms(value: number, name: string): string {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of ms, got ${value}`);
  return String(Math.ceil(value));
}

/** {@link RunLedger} on Redis. `prefix` separates queues (and applications) sharing one Redis. */
export class RedisRunLedger implements RunLedger {
  readonly #eval: RedisEval;
  readonly prefix: string;

  constructor(options: { readonly redis: RedisConnection; readonly prefix: string }) {
    this.#eval = evalOf(options.redis);
    this.prefix = options.prefix;
  }

  async begin(key: string, token: string, leaseMs: number): Promise<RunState> {
    const reply = await this.#eval(BEGIN_SCRIPT, [this.prefix + key], [token, ms(leaseMs, "leaseMs")]);
    if (reply === "claimed" || reply === "busy" || reply === DONE) return reply;
    throw new Error(`unexpected run-ledger reply from Redis for ${this.prefix + key}: ${String(reply)}`);
  }

  async renew(key: string, token: string, leaseMs: number): Promise<boolean> {
    return Number(await this.#eval(RENEW_SCRIPT, [this.prefix + key], [token, ms(leaseMs, "leaseMs")])) === 1;
  }

  async finish(key: string, doneTtlMs: number): Promise<void> {
    await this.#eval(FINISH_SCRIPT, [this.prefix + key], [ms(doneTtlMs, "doneTtlMs")]);
  }

  async abandon(key: string, token: string): Promise<void> {
    await this.#eval(ABANDON_SCRIPT, [this.prefix + key], [token]);
  }
}

/**
 * Renews `token`'s lease every third of `leaseMs` until stopped, so a run that outlives one
 * lease keeps it (the cause of handlers running twice when a claim expired under a slow
 * handler). A renewal that finds the lease gone is reported once through `onLost`.
 */
export function keepLease(ledger: RunLedger, key: string, token: string, leaseMs: number, onLost: (error?: unknown) => void): () => void {
  let lost = false;
  const timer = setInterval(() => {
    ledger.renew(key, token, leaseMs).then(
      (held) => {
        if (!held && !lost) {
          lost = true;
          onLost();
        }
      },
      (error: unknown) => onLost(error),
    );
  }, Math.max(10, Math.floor(leaseMs / 3)));
  timer.unref?.();
  return () => clearInterval(timer);
}

/** A random run token (Web Crypto: no `node:crypto` import in the runtime). */
export function runToken(): string {
  return globalThis.crypto.randomUUID();
}
