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
  return (result.error?.issues ?? []).map((i) => (i.code === undefined ? { path: [...i.path], message: i.message } : { path: [...i.path], message: i.message, code: i.code }));
}
