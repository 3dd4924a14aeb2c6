/**
 * `$ref` strings: the normalised form `#/defs/<Name>` that loading produces and codegen and the
 * sampler consume, and the parts of a raw file ref (`../defs/User.json#/$defs/plan`).
 */
import { escapeSegment, parsePointer, unescapeSegment } from "./pointer.js";

const DEFS_PREFIX = "#/defs/";

/**
 * The normalised ref of a def: `#/defs/` + the name as one pointer segment. Never
 * percent-encoded, so {@link defNameOf} reads it back without URI decoding.
 */
export function defRef(name: string): string {
  return DEFS_PREFIX + escapeSegment(name);
}

/** The def name a normalised ref names (`#/defs/A~1B` → `A/B`), or undefined for any other value. */
export function defNameOf(ref: unknown): string | undefined {
  if (typeof ref !== "string" || !ref.startsWith(DEFS_PREFIX) || ref.length === DEFS_PREFIX.length) return undefined;
  return unescapeSegment(ref.slice(DEFS_PREFIX.length));
}

/**
 * The def a normalised ref names, when `defs` has it (own keys only: a def called
 * `constructor` must not resolve to Object.prototype's).
 */
export function resolveDefRef(ref: unknown, defs: Readonly<Record<string, unknown>>): string | undefined {
  const name = defNameOf(ref);
  return name !== undefined && Object.hasOwn(defs, name) ? name : undefined;
}

/** A raw `$ref` split into the file it names and the JSON pointer into that file. */
export interface ParsedRef {
  /** The part before `#` (`""`: the same file). */
  readonly file: string;
  /** Whether `file` is a URI with a scheme (`https:`, `urn:`): a remote ref. */
  readonly remote: boolean;
  /** Unescaped pointer segments (`[]`: the whole file), or undefined when the fragment is no pointer. */
  readonly pointer: readonly string[] | undefined;
}

/**
 * Splits a `$ref`. The fragment is percent-decoded before it is read as a pointer, as RFC 6901
 * §6 says for URI fragments; a fragment that is not valid percent-encoding is used as written
 * (a hand-written `#/$defs/100%` should not fail on the `%`).
 */
export function parseRef(ref: string): ParsedRef {
  const hash = ref.indexOf("#");
  const file = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? "" : ref.slice(hash + 1);
  return { file, remote: /^[a-z][a-z0-9+.-]*:/i.test(file), pointer: parsePointer(percentDecode(fragment)) };
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
