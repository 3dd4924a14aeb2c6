import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { GenerationPlan } from "./plan.js";

/** Counts of what {@link writePlan} did. */
export interface WriteSummary {
  readonly written: number;
  readonly unchanged: number;
  readonly deleted: number;
}

/** Writes only files whose bytes changed and deletes orphans (which all carry our marker). */
export function writePlan(plan: GenerationPlan): WriteSummary {
  const toWrite = new Set([...plan.missing, ...plan.changed]);
  for (const file of plan.files) {
    if (!toWrite.has(file.path)) continue;
    const target = join(plan.outDir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
  }
  for (const path of plan.orphaned) rmSync(join(plan.outDir, path));
  return { written: toWrite.size, unchanged: plan.unchanged.length, deleted: plan.orphaned.length };
}
