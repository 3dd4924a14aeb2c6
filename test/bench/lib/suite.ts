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
  /** `undefined` = could not be judged (missing column). */
  readonly met: boolean | undefined;
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
}

export type SuiteBody = Omit<SuiteResult, "id" | "title" | "quick" | "date" | "command" | "machine" | "durationMs">;

export interface Suite {
  readonly id: string;
  readonly title: string;
  run(ctx: SuiteContext): Promise<SuiteBody>;
}

export const mark = (met: boolean | undefined): string => (met === undefined ? "n/a" : met ? "✓" : "✗");
