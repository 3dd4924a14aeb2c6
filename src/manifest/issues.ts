/**
 * Turns zod issues on a parsed webhook.yaml into {@link SpecError}s that say how to fix them.
 */
import { z } from "zod";
import { SpecError } from "./errors.js";
import type { ParsedFile } from "./positions.js";
import { didYouMean } from "./suggest.js";

/** `webhooks.default.ip_whitelist[1]`; `the top level` for the root. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    out += typeof seg === "number" ? `[${seg}]` : `${out === "" ? "" : "."}${String(seg)}`;
  }
  return out === "" ? "the top level" : out;
}

/** Converts the issues of one `safeParse` of `parsed.value` against `schema`. */
export function issuesToErrors(
  parsed: ParsedFile,
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
): SpecError[] {
  const errors: SpecError[] = [];
  const err = (path: readonly PropertyKey[], target: "key" | "value", detail: string): void => {
    const { line, column } = parsed.at(path, target);
    errors.push(new SpecError(parsed.file, line, column, detail));
  };
  for (const issue of issues) {
    const where = formatPath(issue.path);
    const value = valueAt(parsed.value, issue.path);
    switch (issue.code) {
      case "unrecognized_keys": {
        const valid = keysAt(schema, issue.path, parsed.value);
        for (const key of issue.keys) {
          const hint = didYouMean(key, valid) || (valid.length > 0 ? ` — valid keys: ${valid.join(", ")}` : "");
          err([...issue.path, key], "key", `unknown key "${key}" in ${where}${hint}`);
        }
        break;
      }
      case "invalid_key": {
        const inner = issue.issues[0]?.message ?? issue.message;
        err(issue.path, "key", `invalid name "${String(issue.path.at(-1))}" in ${formatPath(issue.path.slice(0, -1))}: ${inner}`);
        break;
      }
      case "invalid_union": {
        const options = "options" in issue && Array.isArray(issue.options) ? issue.options.map(String) : [];
        const got = typeof value === "string" ? `"${value}"` : value === undefined ? "nothing" : JSON.stringify(value);
        const hint = typeof value === "string" ? didYouMean(value, options) : "";
        err(issue.path, "value", options.length > 0
          ? `${where} must be one of ${options.join(", ")} (got ${got})${hint}`
          : `invalid ${where}: ${issue.message}`);
        break;
      }
      case "invalid_value": {
        const options = issue.values.map(String);
        const hint = typeof value === "string" ? didYouMean(value, options) : "";
        err(issue.path, "value", `${where} must be one of ${options.join(", ")} (got ${JSON.stringify(value) ?? "nothing"})${hint}`);
        break;
      }
      case "invalid_type": {
        if (value === undefined && issue.path.length > 0) {
          err(issue.path.slice(0, -1), "key", `missing required key "${String(issue.path.at(-1))}" in ${formatPath(issue.path.slice(0, -1))}`);
        } else {
          err(issue.path, "value", `${where} must be ${article(issue.expected)} (got ${describe(value)})`);
        }
        break;
      }
      default:
        err(issue.path, "value", `invalid ${where}: ${issue.message}`);
    }
  }
  return errors;
}

const YAML_NAMES: Record<string, string> = { object: "map", record: "map", array: "list" };
const article = (t: string): string => {
  const name = YAML_NAMES[t] ?? t;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
};
const describe = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "a map" : `${typeof v} ${JSON.stringify(v)}`;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/** The keys the schema accepts for the object at `path` (used to suggest a fix for unknown keys). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[], data: unknown): string[] {
  let s: z.ZodType | undefined = schema;
  let v: unknown = data;
  const at = (seg: PropertyKey | undefined): void => {
    s = unwrap(s);
    if (s instanceof z.ZodDiscriminatedUnion) {
      const key = s.def.discriminator;
      const disc = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
      s = unwrap(
        s.options.find((o) => {
          const lit = o instanceof z.ZodObject ? o.shape[key] : undefined;
          return lit instanceof z.ZodLiteral && lit.values.has(disc as never);
        }) as z.ZodType | undefined,
      );
    }
    if (seg === undefined) return;
    if (s instanceof z.ZodObject) s = s.shape[String(seg)] as z.ZodType | undefined;
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else s = undefined;
    v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
  };
  for (const seg of path) at(seg);
  at(undefined);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault) cur = cur.unwrap() as z.ZodType;
  return cur;
}
