/**
 * A {@link HeaderBag} over a fetch `Headers`, read name by name instead of copied whole.
 */
import type { HeaderBag } from "./types.js";

// An HTTP field name (RFC 9110 token); `Headers#get` throws on anything else.
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function collect(headers: Headers): Record<string, string> {
  const all: Record<string, string> = Object.create(null) as Record<string, string>;
  headers.forEach((value, name) => {
    all[name] = value;
  });
  return all;
}

/** What one bag knows: the `Headers`, and every header once something iterated the bag. */
interface BagState {
  readonly headers: Headers;
  all: Record<string, string> | undefined;
}

const every = (state: BagState): Record<string, string> => (state.all ??= collect(state.headers));

/**
 * One handler for every bag, its state in the proxy's target: a handler object and its traps per
 * request were five more allocations per delivery. The target's own fields are never reported:
 * they are configurable, so hiding them keeps the proxy invariants.
 */
const HANDLER: ProxyHandler<BagState> = {
  get(state, name) {
    if (typeof name !== "string") return undefined;
    if (state.all !== undefined) return state.all[name];
    return FIELD_NAME.test(name) ? (state.headers.get(name) ?? undefined) : undefined;
  },
  has(state, name) {
    if (typeof name !== "string") return false;
    return state.all !== undefined ? Object.hasOwn(state.all, name) : FIELD_NAME.test(name) && state.headers.has(name);
  },
  ownKeys(state) {
    return Object.keys(every(state));
  },
  getOwnPropertyDescriptor(state, name) {
    const values = every(state);
    if (typeof name !== "string" || !Object.hasOwn(values, name)) return undefined;
    return { value: values[name], enumerable: true, configurable: true, writable: false };
  },
};

/**
 * The pipeline reads a handful of headers by name; copying all of them cost ~7 µs per request on
 * @hono/node-server, whose `Headers` answers `get` lazily from Node's parsed headers but builds a
 * full undici `Headers` for `forEach` (CPU profile of the Hono bench). Iterating the bag
 * (`event.headers`, a dead letter's kept headers) collects every header once, then.
 */
export function headerBagOf(headers: Headers): HeaderBag {
  const state: BagState = { headers, all: undefined };
  return new Proxy(state, HANDLER) as unknown as HeaderBag;
}
