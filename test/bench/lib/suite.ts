/** The contract between run.ts and the suites. */
import type { MachineInfo } from "./env.js";

export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Free text printed under the table. */
  readonly notes?: readonly string[];
}

export interface TargetCheck {
  readonly target: string;
  /** Measured value in words, e.g. `1.04×`. */
  readonly measured: string;
  /** `undefined` = could not be judged (missing column, or inconclusive). */
  readonly met: boolean | undefined;
  /** The spread of the measurement straddles the target: neither met nor missed. */
  readonly inconclusive?: boolean;
}

export interface SuiteResult {
  readonly id: string;
  readonly title: string;
  /** What the suite measures and how (method), printed above its tables. */
  readonly method: readonly string[];
  readonly tables: readonly Table[];
  readonly targets: readonly TargetCheck[];
  /** Things that could not be measured in this run, with the reason. */
  readonly missing: readonly string[];
  /** Raw figures for results.json. */
  readonly raw: unknown;
  /** Set when a check failed (unexpected result, negative control): the figures mean nothing. */
  readonly invalid?: string;
  readonly quick: boolean;
  readonly date: string;
  readonly command: string;
  readonly machine: MachineInfo;
  readonly durationMs: number;
}

export interface SuiteContext {
  readonly quick: boolean;
  readonly log: (line: string) => void;
  /** A fresh scratch folder under /tmp for this suite. */
  readonly tmp: string;
  /** For suites with `needsDist`: the staged generated code bound to dist/, or why there is none. */
  readonly dist?: DistContext;
}

export type DistContext =
  | { readonly stage: string; readonly build: string; readonly processes: number | undefined }
  | { readonly error: string };

export type SuiteBody = Omit<SuiteResult, "id" | "title" | "quick" | "date" | "command" | "machine" | "durationMs">;

export interface Suite {
  readonly id: string;
  readonly title: string;
  /** Times the built package: run.ts builds dist/ and stages the generated code first. */
  readonly needsDist?: boolean;
  run(ctx: SuiteContext): Promise<SuiteBody>;
}

export const mark = (met: boolean | undefined): string => (met === undefined ? "n/a" : met ? "✓" : "✗");

/** A target's verdict in words: met / missed / inconclusive (spread crosses target) / n/a. */
export const verdictMark = (t: TargetCheck): string =>
  t.inconclusive ? "inconclusive (spread crosses target)" : t.met === undefined ? "n/a" : t.met ? "✓ met" : "✗ missed";
