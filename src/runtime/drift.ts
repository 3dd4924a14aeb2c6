/**
 * Drift: where a verified payload departs from its schema in `lenient` mode. Providers add fields,
 * drop old ones and add enum values faster than schemas follow, so lenient dispatches such a
 * delivery and reports the departure instead of refusing an authentic event.
 */
import type { ValidationIssue } from "./types.js";

/** What kind of departure an issue is. */
export type DriftKind = "missing" | "type" | "enum" | "unknown_key" | "union" | "other";

/** One departure from the schema, on the event (`event.drift`) and in drift reports. */
export interface DriftIssue {
  /** JSON path into the payload, e.g. `["repository", "has_discussions"]`. */
  readonly path: readonly PropertyKey[];
  readonly kind: DriftKind;
  readonly message: string;
}

/** A drift seen for the first time (per event type, path and kind), as `onDrift` hooks receive it. */
export interface DriftReport extends DriftIssue {
  readonly provider: string;
  readonly webhook: string;
  readonly type: string;
  /** The delivery it was first seen on. */
  readonly id: string;
}

/** Receives each distinct drift once; errors it throws are logged, never answered. */
export type DriftHook = (report: DriftReport) => void;

/** The kind of a validator issue, from zod's issue code and message. */
export function driftKind(issue: ValidationIssue): DriftKind {
  switch (issue.code) {
    case "missing":
      return "missing";
    case "invalid_type":
      return /received undefined$/.test(issue.message) ? "missing" : "type";
    case "invalid_value":
    case "invalid_enum_value":
      return "enum";
    case "unrecognized_keys":
      return "unknown_key";
    case "invalid_union":
      return "union";
    default:
      return "other";
  }
}

/** Validator issues as drift. */
export function toDrift(issues: readonly ValidationIssue[]): readonly DriftIssue[] {
  return issues.map((issue) => ({ path: issue.path, kind: driftKind(issue), message: issue.message }));
}

/** `a.b[0].c`-style text of a path, for logs and the once-only key. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out === "" ? "(root)" : out;
}
