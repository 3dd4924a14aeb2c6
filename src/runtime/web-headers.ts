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

/**
 * The pipeline reads a handful of headers by name; copying all of them cost ~7 µs per request on
 * @hono/node-server, whose `Headers` answers `get` lazily from Node's parsed headers but builds a
 * full undici `Headers` for `forEach` (CPU profile of the Hono bench). Iterating the bag
 * (`event.headers`, a dead letter's kept headers) collects every header once, then.
 */
export function headerBagOf(headers: Headers): HeaderBag {
  let all: Record<string, string> | undefined;
  const every = (): Record<string, string> => (all ??= collect(headers));
  const target: Record<string, string> = Object.create(null) as Record<string, string>;
  return new Proxy(target, {
    get(_target, name) {
      if (typeof name !== "string") return undefined;
      if (all !== undefined) return all[name];
      return FIELD_NAME.test(name) ? (headers.get(name) ?? undefined) : undefined;
    },
    has(_target, name) {
      if (typeof name !== "string") return false;
      return all !== undefined ? Object.hasOwn(all, name) : FIELD_NAME.test(name) && headers.has(name);
    },
    ownKeys() {
      return Object.keys(every());
    },
    getOwnPropertyDescriptor(_target, name) {
      const values = every();
      if (typeof name !== "string" || !Object.hasOwn(values, name)) return undefined;
      return { value: values[name], enumerable: true, configurable: true, writable: false };
    },
  });
}
