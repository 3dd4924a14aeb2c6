/**
 * Redis-backed {@link DedupeStore} and {@link RateLimitStore}, shared by every instance behind a
 * load balancer.
 *
 * The runtime ships in users' bundles, so it imports no Redis package: the stores talk to Redis
 * through {@link RedisCommands}, one method that runs a Lua script (`EVAL`). Every operation is one
 * script, hence one round trip and atomic; every script touches exactly one key, declared in
 * `KEYS`, so the stores also work on Redis Cluster. Adapters (see docs/redis.md):
 *
 * ```ts
 * // ioredis
 * const redis = { eval: (script, keys, args) => client.eval(script, keys.length, ...keys, ...args) };
 * // node-redis v4+
 * const redis = { eval: (script, keys, args) => client.eval(script, { keys: [...keys], arguments: [...args] }) };
 * ```
 */
import type { ClaimResult, DedupeStore, RateLimitDecision, RateLimitStore } from "./types.js";

/**
 * Runs `script` (Lua) with `EVAL script numkeys ...keys ...args` and resolves with Redis's reply
 * (bulk strings as strings, integers as numbers, arrays as arrays). Arguments are always strings,
 * so node-redis can take them as they are.
 */
export type RedisEval = (script: string, keys: readonly string[], args: readonly string[]) => Promise<unknown>;

/** The one Redis command the stores use. Neither ioredis nor node-redis fits as is: wrap it (see above). */
export interface RedisCommands {
  eval: RedisEval;
}

/** The Redis connection of a store: an object with {@link RedisCommands.eval}, or the function itself. */
export type RedisConnection = RedisCommands | RedisEval;

/** The `eval` of a {@link RedisConnection}, checked once; shared by every Redis-backed store. */
export function evalOf(redis: RedisConnection): RedisEval {
  if (typeof redis === "function") return redis;
  if (redis === null || typeof redis !== "object" || typeof redis.eval !== "function") {
    throw new TypeError("redis must be a function (script, keys, args) => Promise or an object with such an eval method");
  }
  return (script, keys, args) => redis.eval(script, keys, args);
}

/** A TTL in whole milliseconds for `PX`/`PEXPIRE` (Redis refuses 0 and fractions). */
function ttlArg(ms: number, name: string): string {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`${name} must be a positive number of ms, got ${ms}`);
  return String(Math.ceil(ms));
}

function finiteArg(value: number, name: string): string {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// Dedupe

const IN_FLIGHT = "in_flight";
const DONE = "done";

/** `SET key in_flight NX PX ttl`; when the key exists, its state. */
const CLAIM_SCRIPT = `
if redis.call('SET', KEYS[1], '${IN_FLIGHT}', 'NX', 'PX', ARGV[1]) then return 'claimed' end
return redis.call('GET', KEYS[1])
`;

/** `SET key done PX ttl`, whatever the key held (the handler did run). */
const COMPLETE_SCRIPT = `
redis.call('SET', KEYS[1], '${DONE}', 'PX', ARGV[1])
return 1
`;

/** Compare-and-delete: a late release never erases a completed id. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == '${IN_FLIGHT}' then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Options of {@link RedisDedupeStore}. */
export interface RedisDedupeOptions {
  /** How to run a script on Redis (see {@link RedisCommands}). */
  readonly redis: RedisConnection;
  /** Prepended to every key the pipeline passes. Default `"sai:dedupe:"`. */
  readonly prefix?: string;
}

/**
 * Dedupe state in Redis: one string key per event id, `"in_flight"` while a handler runs and
 * `"done"` once it succeeded, each with its TTL.
 *
 * Errors (Redis down, timeouts) are not swallowed: the pipeline answers a failing `claim` with
 * 503 + Retry-After, so the provider retries later instead of the event running twice or never.
 */
export class RedisDedupeStore implements DedupeStore {
  readonly #eval: RedisEval;
  /** The key prefix in use. */
  readonly prefix: string;

  constructor(options: RedisDedupeOptions) {
    this.#eval = evalOf(options.redis);
    this.prefix = options.prefix ?? "sai:dedupe:";
  }

  async claim(key: string, inFlightTtlMs: number): Promise<ClaimResult> {
    const reply = await this.#eval(CLAIM_SCRIPT, [this.prefix + key], [ttlArg(inFlightTtlMs, "inFlightTtlMs")]);
    if (reply === "claimed" || reply === IN_FLIGHT || reply === DONE) return reply;
    // Someone else's value under our prefix (or a client returning Buffers): refuse rather than guess.
    throw new Error(`unexpected dedupe state in Redis for ${this.prefix + key}: ${show(reply)}`);
  }

  async complete(key: string, doneTtlMs: number): Promise<void> {
    await this.#eval(COMPLETE_SCRIPT, [this.prefix + key], [ttlArg(doneTtlMs, "doneTtlMs")]);
  }

  async release(key: string): Promise<void> {
    await this.#eval(RELEASE_SCRIPT, [this.prefix + key], []);
  }
}

// ---------------------------------------------------------------------------------------------
// Rate limit

/**
 * Token bucket in a hash `{ tokens, ts }`, the same arithmetic as MemoryRateLimitStore: refill by
 * `(now - ts) * rate` capped at capacity (never on a clock going backwards), take one token if
 * there is one, then expire the key when the bucket would be full again (a missing bucket is a
 * full one). Replies `{ allowed (0|1), retryAfterMs (-1 = never) }`.
 * Tokens are written with %.17g so the double survives the round trip exactly.
 */
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
elseif now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate)
  ts = now
end
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
elseif rate > 0 then
  retry = math.ceil((1 - tokens) / rate)
else
  retry = -1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.17g', ts))
if rate > 0 then
  redis.call('PEXPIRE', KEYS[1], math.min(1e15, math.max(1, math.ceil((capacity - tokens) / rate))))
else
  redis.call('PERSIST', KEYS[1])
end
return { allowed, retry }
`;

const ALLOWED: RateLimitDecision = Object.freeze({ allowed: true, retryAfterMs: 0 });

/** Options of {@link RedisRateLimitStore}. */
export interface RedisRateLimitOptions {
  /** How to run a script on Redis (see {@link RedisCommands}). */
  readonly redis: RedisConnection;
  /** Prepended to every bucket key. Default `"sai:rate:"`. */
  readonly prefix?: string;
}

/**
 * Token buckets in Redis, one hash per bucket, refilled and taken from in one Lua script.
 *
 * The clock is the `now` the pipeline passes (each instance's `Date.now()`), not Redis `TIME`:
 * instances whose clocks disagree by Δ ms can see up to Δ × refill rate tokens more or fewer
 * than a single clock would give (a clock behind the stored timestamp simply refills nothing).
 * Keep instances NTP-synced. A failing `take` rejects; the pipeline then lets the request through
 * with a warning (rate limiting fails open, unlike dedupe).
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #eval: RedisEval;
  /** The key prefix in use. */
  readonly prefix: string;

  constructor(options: RedisRateLimitOptions) {
    this.#eval = evalOf(options.redis);
    this.prefix = options.prefix ?? "sai:rate:";
  }

  async take(key: string, capacity: number, refillPerMs: number, now: number): Promise<RateLimitDecision> {
    const args = [finiteArg(capacity, "capacity"), finiteArg(refillPerMs, "refillPerMs"), finiteArg(now, "now")];
    const reply = await this.#eval(TAKE_SCRIPT, [this.prefix + key], args);
    if (!Array.isArray(reply) || reply.length !== 2) {
      throw new Error(`unexpected rate-limit reply from Redis: ${show(reply)}`);
    }
    const allowed = Number(reply[0]);
    const retry = Number(reply[1]);
    if (allowed === 1) return ALLOWED;
    if (allowed !== 0 || !Number.isFinite(retry)) throw new Error(`unexpected rate-limit reply from Redis: ${show(reply)}`);
    return { allowed: false, retryAfterMs: retry < 0 ? Number.POSITIVE_INFINITY : retry };
  }
}

function show(reply: unknown): string {
  try {
    return JSON.stringify(reply) ?? String(reply);
  } catch {
    return String(reply);
  }
}
