/**
 * Schema validation through a provider's generated validator table.
 */
import type { PayloadValidator, ProviderDefinition, ValidationIssue, ValidationMode } from "./types.js";

type Lookup = (event: string) => PayloadValidator | undefined;

// The factory may build its table on each call; cache per definition and mode.
const lookups = new WeakMap<ProviderDefinition, Map<ValidationMode, Lookup>>();

function lookupFor(def: ProviderDefinition, mode: Exclude<ValidationMode, "off">): Lookup | undefined {
  const factory = def.validators;
  if (factory === undefined) return undefined;
  let byMode = lookups.get(def);
  if (byMode === undefined) lookups.set(def, (byMode = new Map()));
  let lookup = byMode.get(mode);
  if (lookup === undefined) byMode.set(mode, (lookup = factory(mode)));
  return lookup;
}

/** `undefined` when the payload is acceptable (or unchecked); else the validator's issues. */
export function validatePayload(
  def: ProviderDefinition,
  mode: ValidationMode,
  type: string,
  payload: unknown,
): readonly ValidationIssue[] | undefined {
  if (mode === "off") return undefined;
  const validator = lookupFor(def, mode)?.(type);
  if (validator === undefined) return undefined;
  // The cheap yes/no answer first; the issues are only worth building for a rejected payload.
  if (validator.validate !== undefined && validator.validate(payload)) return undefined;
  const result = validator.safeParse(payload);
  if (result.success) return undefined;
  return describeIssues(result.error?.issues ?? [], [], payload);
}

/** zod's issue shape, as far as describing it needs (a union issue carries its branches' issues). */
interface RawIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string | undefined;
  readonly errors?: readonly (readonly RawIssue[])[];
  readonly keys?: readonly string[];
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Issues that say where and what: a union that matched no branch is described by its closest
 * branch (fewest issues), so no issue is left as a bare "Invalid input" at the union's root; an
 * absent value reads as a missing field, not as "Invalid option" or a type mismatch.
 */
function describeIssues(issues: readonly RawIssue[], prefix: readonly PropertyKey[], payload: unknown): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys" && issue.keys !== undefined && issue.keys.length > 0) {
      // One issue per key, each at its own path, rather than one at the enclosing object.
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown key "${key}"`, code: issue.code });
      continue;
    }
    const branches = issue.code === "invalid_union" ? issue.errors : undefined;
    if (branches !== undefined && branches.length > 0 && valueAt(payload, path) !== undefined) {
      const closest = branches.reduce((best, b) => (b.length < best.length ? b : best));
      if (closest.length > 0) {
        out.push(...describeIssues(closest, path, payload));
        continue;
      }
    }
    if (path.length > 0 && valueAt(payload, path) === undefined && valueAt(payload, path.slice(0, -1)) !== undefined) {
      out.push({ path, message: "required field is missing", code: "missing" });
      continue;
    }
    out.push(issue.code === undefined ? { path, message: issue.message } : { path, message: issue.message, code: issue.code });
  }
  return out;
}
