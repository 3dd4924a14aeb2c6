/**
 * Dead letters in Redis: they survive a restart and every instance sees the same list, so an
 * operator can list, replay and delete them from anywhere (the `dead-letters` CLI command).
 *
 * Like the other Redis stores it talks through {@link RedisConnection} (one `EVAL` function), and
 * every operation is one Lua script: atomic and one round trip. Five keys under the prefix, all
 * declared in `KEYS`; the default prefix carries a hash tag (`{sai:dl}`) so they share one
 * Cluster slot:
 *
 * - `seq`    counter of keys handed out (entry keys are `1`, `2`, …)
 * - `index`  sorted set: entry key, scored by its number (oldest first, the paging cursor)
 * - `expiry` sorted set: entry key, scored by when it expires (ms; only with `ttlSeconds`)
 * - `meta`   hash: entry key → JSON of everything but the body (small, so filtering is cheap)
 * - `body`   hash: entry key → the body's exact bytes, base64
 */
import { base64ToBytes, bytesToBase64, bytesToHex, sha256 } from "../crypto/index.js";
import type { DeadLetterInput, DeadLetterReason } from "../dead-letter.js";
import { isPromiseLike } from "../maybe-promise.js";
import { parseBody } from "../parse.js";
import type { ValidationIssue } from "../types.js";
import type { DeadLetterQuery, DeadLetterStore, DeadLetterUpdate, StoredDeadLetter } from "./dead-letter-store.js";
import { evalOf, type RedisConnection, type RedisEval } from "./redis.js";

/** Options of {@link RedisDeadLetterStore}. */
export interface RedisDeadLetterOptions {
  /** How to run a script on Redis (the same adapter as the dedupe store; see docs/redis.md). */
  readonly redis: RedisConnection;
  /** Prepended to the store's five keys. Default `"{sai:dl}:"` (a hash tag: one Cluster slot). */
  readonly prefix?: string;
  /** The most entries kept; the oldest go first. Default 10 000. */
  readonly maxEntries?: number;
  /** How long an entry is kept, in seconds. Default 30 days; `0` keeps entries until evicted or deleted. */
  readonly ttlSeconds?: number;
  /** Clock in ms (expiry). Default `Date.now`. */
  readonly now?: () => number;
}

/** Removes one entry from every key; `drop` is shared by the scripts. Expired entries go first. */
const PRELUDE = `
local function drop(k)
  redis.call('HDEL', KEYS[4], k)
  redis.call('HDEL', KEYS[5], k)
  redis.call('ZREM', KEYS[3], k)
  return redis.call('ZREM', KEYS[2], k)
end
local now = tonumber(ARGV[1])
for _, k in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do drop(k) end
`;

/** ARGV: now, meta, body, maxEntries, ttlMs. Replies `{ key, evicted }`. */
const ADD_SCRIPT = `${PRELUDE}
local seq = redis.call('INCR', KEYS[1])
local key = string.format('%d', seq)
redis.call('ZADD', KEYS[2], seq, key)
redis.call('HSET', KEYS[4], key, ARGV[2])
redis.call('HSET', KEYS[5], key, ARGV[3])
local ttl = tonumber(ARGV[5])
if ttl > 0 then
  redis.call('ZADD', KEYS[3], now + ttl, key)
end
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  for _, k in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do drop(k) end
else
  over = 0
end
return { key, over }
`;

/**
 * ARGV: now, after (key number, 0 = from the start), limit, provider, webhook ('' = any).
 * Replies `[key, meta, body, key, meta, body, …]`, oldest first.
 */
const LIST_SCRIPT = `${PRELUDE}
local limit = tonumber(ARGV[3])
local out = {}
local n = 0
for _, k in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[2], '+inf')) do
  if n >= limit then break end
  local m = redis.call('HGET', KEYS[4], k)
  if m then
    local ok = true
    if ARGV[4] ~= '' or ARGV[5] ~= '' then
      local d = cjson.decode(m)
      ok = (ARGV[4] == '' or d.provider == ARGV[4]) and (ARGV[5] == '' or d.webhook == ARGV[5])
    end
    if ok then
      out[#out + 1] = k
      out[#out + 1] = m
      out[#out + 1] = redis.call('HGET', KEYS[5], k) or ''
      n = n + 1
    end
  end
end
return out
`;

/** ARGV: now, key. Replies `[meta, body]`, or `false` (nil) when there is none. */
const GET_SCRIPT = `${PRELUDE}
local m = redis.call('HGET', KEYS[4], ARGV[2])
if not m then return false end
return { m, redis.call('HGET', KEYS[5], ARGV[2]) or '' }
`;

/** ARGV: now, key. Replies 1 when it existed. */
const DELETE_SCRIPT = `${PRELUDE}
return drop(ARGV[2])
`;

/** ARGV: now, key, meta. Replaces the meta of an entry that still exists; replies 1 when it did. */
const UPDATE_SCRIPT = `${PRELUDE}
if redis.call('HEXISTS', KEYS[4], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[4], ARGV[2], ARGV[3])
return 1
`;

/** What `meta` holds per entry: the entry without its body (dates as ms). */
interface Meta {
  readonly reason: DeadLetterReason;
  readonly provider: string;
  readonly webhook: string;
  readonly id: string;
  readonly type: string;
  readonly receivedAt: number;
  readonly contentType?: string;
  readonly bodyFormat: "json" | "form";
  readonly headers?: Record<string, string>;
  readonly issues: readonly ValidationIssue[];
  readonly bodyBytes: number;
  readonly bodySha256: string;
  readonly attempts: number;
  readonly lastFailure?: string;
}

/** A reply as text: strings as they are, Buffers (a client returning them) decoded. */
function text(reply: unknown, what: string): string {
  if (typeof reply === "string") return reply;
  if (reply instanceof Uint8Array) return new TextDecoder().decode(reply);
  throw new Error(`unexpected ${what} reply from Redis: ${typeof reply}`);
}

function toMeta(input: DeadLetterInput, bodySha256: string): Meta {
  return {
    reason: input.reason,
    provider: input.provider,
    webhook: input.webhook,
    id: input.id,
    type: input.type,
    receivedAt: input.receivedAt.getTime(),
    ...(input.contentType === undefined ? {} : { contentType: input.contentType }),
    bodyFormat: input.bodyFormat ?? "json",
    ...(input.headers === undefined ? {} : { headers: { ...input.headers } }),
    issues: input.issues.slice(0, 100),
    bodyBytes: input.rawBody.byteLength,
    bodySha256,
    attempts: 0,
  };
}

function parseMeta(json: string, key: string): Meta {
  const meta = JSON.parse(json) as Partial<Meta> | null;
  if (meta === null || typeof meta !== "object" || typeof meta.provider !== "string" || typeof meta.reason !== "string") {
    throw new Error(`dead letter ${key} in Redis is not one this store wrote`);
  }
  return meta as Meta;
}

function entryOf(key: string, metaJson: string, body64: string): StoredDeadLetter {
  const meta = parseMeta(metaJson, key);
  const rawBody = base64ToBytes(body64);
  if (rawBody === undefined) throw new Error(`dead letter ${key} in Redis has a body that is not base64`);
  const { receivedAt, contentType, headers, lastFailure, ...rest } = meta;
  return {
    ...rest,
    key,
    receivedAt: new Date(receivedAt),
    contentType,
    headers,
    lastFailure,
    rawBody,
    truncated: false,
    get payload(): unknown {
      try {
        return parseBody(rawBody, meta.bodyFormat, contentType);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Dead letters in Redis, with their bodies kept whole (base64), so a replay parses exactly the
 * bytes that were verified. Bounded by `maxEntries` (oldest evicted) and `ttlSeconds`.
 *
 * Errors propagate: when Redis is down, `add` rejects and the pipeline answers 503 + Retry-After,
 * so the provider retries instead of hearing 2xx for a delivery nobody recorded.
 */
export class RedisDeadLetterStore implements DeadLetterStore {
  readonly #eval: RedisEval;
  readonly #keys: readonly string[];
  readonly #now: () => number;
  /** The key prefix in use. */
  readonly prefix: string;
  readonly maxEntries: number;
  readonly ttlSeconds: number;

  constructor(options: RedisDeadLetterOptions) {
    this.#eval = evalOf(options.redis);
    this.prefix = options.prefix ?? "{sai:dl}:";
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlSeconds = options.ttlSeconds ?? 30 * 24 * 60 * 60;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${this.maxEntries}`);
    if (!Number.isFinite(this.ttlSeconds) || this.ttlSeconds < 0) throw new RangeError(`ttlSeconds must be 0 or more, got ${this.ttlSeconds}`);
    this.#now = options.now ?? Date.now;
    this.#keys = ["seq", "index", "expiry", "meta", "body"].map((k) => this.prefix + k);
  }

  #run(script: string, args: readonly string[]): Promise<unknown> {
    return this.#eval(script, this.#keys, [String(Math.floor(this.#now())), ...args]);
  }

  /** Keeps the whole body; answers the entry's key. */
  add(input: DeadLetterInput): Promise<string> {
    const digest = sha256(input.rawBody);
    const write = (bytes: Uint8Array) => this.#add(input, bytesToHex(bytes));
    return isPromiseLike(digest) ? Promise.resolve(digest).then(write) : write(digest);
  }

  async #add(input: DeadLetterInput, bodySha256: string): Promise<string> {
    const meta = JSON.stringify(toMeta(input, bodySha256));
    const ttlMs = String(Math.ceil(this.ttlSeconds * 1000));
    const reply = await this.#run(ADD_SCRIPT, [meta, bytesToBase64(input.rawBody), String(this.maxEntries), ttlMs]);
    if (!Array.isArray(reply) || reply.length !== 2) throw new Error("unexpected reply from Redis to a dead-letter add");
    return text(reply[0], "dead-letter add");
  }

  /** Oldest first; `limit` defaults to 100. */
  async list(query: DeadLetterQuery = {}): Promise<readonly StoredDeadLetter[]> {
    const after = query.cursor === undefined ? "0" : cursorArg(query.cursor);
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number, got ${limit}`);
    const reply = await this.#run(LIST_SCRIPT, [after, String(limit), query.provider ?? "", query.webhook ?? ""]);
    if (!Array.isArray(reply) || reply.length % 3 !== 0) throw new Error("unexpected reply from Redis to a dead-letter list");
    const out: StoredDeadLetter[] = [];
    for (let i = 0; i < reply.length; i += 3) {
      const key = text(reply[i], "dead-letter list");
      out.push(entryOf(key, text(reply[i + 1], "dead-letter list"), text(reply[i + 2], "dead-letter list")));
    }
    return out;
  }

  async get(key: string): Promise<StoredDeadLetter | undefined> {
    const reply = await this.#run(GET_SCRIPT, [key]);
    if (reply === null || reply === undefined || reply === false) return undefined;
    if (!Array.isArray(reply) || reply.length !== 2) throw new Error("unexpected reply from Redis to a dead-letter get");
    return entryOf(key, text(reply[0], "dead-letter get"), text(reply[1], "dead-letter get"));
  }

  async delete(key: string): Promise<boolean> {
    return Number(await this.#run(DELETE_SCRIPT, [key])) === 1;
  }

  async update(key: string, changes: DeadLetterUpdate): Promise<boolean> {
    const entry = await this.get(key);
    if (entry === undefined) return false;
    const meta: Meta = {
      ...toMeta(entry, entry.bodySha256),
      reason: changes.reason ?? entry.reason,
      issues: (changes.issues ?? entry.issues).slice(0, 100),
      attempts: changes.attempts,
      lastFailure: changes.lastFailure,
    };
    return Number(await this.#run(UPDATE_SCRIPT, [key, JSON.stringify(meta)])) === 1;
  }
}

/** A cursor is an entry key: a whole number. */
function cursorArg(cursor: string): string {
  if (!/^\d{1,15}$/.test(cursor)) throw new RangeError(`cursor must be an entry key (a whole number), got ${JSON.stringify(cursor)}`);
  return cursor;
}
