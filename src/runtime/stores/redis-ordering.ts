/**
 * Redis-backed {@link OrderingStore}: every instance behind a load balancer agrees on the newest
 * event time admitted per object, because the compare and the raise are one Lua script on one
 * key (so it also works on Redis Cluster). Keys expire, so Redis holds only objects seen within
 * the TTL.
 */
import type { OrderingStore } from "./ordering.js";
import { evalOf, type RedisConnection, type RedisEval } from "./redis.js";

/**
 * Raise-if-not-older: keeps the newest time in a string key, refreshes its TTL when admitted, and
 * replies the time kept afterwards (as a string: Lua numbers past 2^53 or with fractions would
 * not survive Redis's integer reply).
 */
const ADVANCE_SCRIPT = `
local ts = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]))
if current ~= nil and current > ts then return redis.call('GET', KEYS[1]) end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
`;

/** Options of {@link RedisOrderingStore}. */
export interface RedisOrderingOptions {
  /** How to run a script on Redis (the same adapter as the dedupe store; see docs/redis.md). */
  readonly redis: RedisConnection;
  /** Prepended to every object key. Default `"sai:order:"`. */
  readonly prefix?: string;
}

/**
 * Per-object newest event times in Redis, one string key per object with a TTL. Errors (Redis
 * down, timeouts) are not swallowed: the pipeline answers them 503 + Retry-After, so the provider
 * retries instead of a stale delivery running or a genuine one being dropped.
 */
export class RedisOrderingStore implements OrderingStore {
  readonly #eval: RedisEval;
  /** The key prefix in use. */
  readonly prefix: string;

  constructor(options: RedisOrderingOptions) {
    this.#eval = evalOf(options.redis);
    this.prefix = options.prefix ?? "sai:order:";
  }

  async advance(key: string, timestampMs: number, ttlMs: number): Promise<number> {
    if (!Number.isFinite(timestampMs)) throw new RangeError(`timestampMs must be finite, got ${timestampMs}`);
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a positive number of ms, got ${ttlMs}`);
    const reply = await this.#eval(ADVANCE_SCRIPT, [this.prefix + key], [String(timestampMs), String(Math.ceil(ttlMs))]);
    const newest = typeof reply === "string" || typeof reply === "number" ? Number(reply) : Number.NaN;
    // Someone else's value under our prefix: refuse (503) rather than guess.
    if (!Number.isFinite(newest)) throw new Error(`unexpected ordering reply from Redis for ${this.prefix + key}`);
    return newest;
  }
}
