/**
 * Runs an in-process suite in several child processes, one after another (never in parallel:
 * they would compete for the same 2 cores), each a fresh Node with fresh JIT state and heap.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ComparisonRun } from "./blocks.js";
import type { InProcessSuite } from "./comparisons.js";
import { childEnv } from "./dist.js";
import { ROOT } from "./product.js";

export const DEFAULT_PROCESSES = { full: 5, quick: 2 } as const;

export interface ProcessesResult {
  /** Per process, its comparison runs (only processes that finished cleanly). */
  readonly processes: ComparisonRun[][];
  /** The first failure, if any (later processes are then not started). */
  readonly error?: string;
}

function once(suite: InProcessSuite, stage: string, out: string, seed: number, quick: boolean, log: (l: string) => void): Promise<{ runs?: ComparisonRun[]; error?: string }> {
  return new Promise((resolve) => {
    const args = ["--import", "tsx", join(ROOT, "test/bench/children/compare.ts"), suite, stage, out, String(seed), quick ? "quick" : "full"];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv(), stdio: ["ignore", "ignore", "pipe"] });
    let tail = "";
    child.stderr.on("data", (d: Buffer) => {
      const text = d.toString();
      tail = (tail + text).slice(-2000);
      for (const line of text.split("\n")) if (line.trim()) log(`  [p${seed}] ${line}`);
    });
    child.on("close", (code) => {
      if (!existsSync(out)) return resolve({ error: `process ${seed} exited ${code} without results: ${tail.trim().split("\n").slice(-3).join(" ")}` });
      const parsed = JSON.parse(readFileSync(out, "utf8")) as { runs?: ComparisonRun[]; error?: string };
      resolve(parsed.error !== undefined ? { error: `process ${seed}: ${parsed.error}` } : { runs: parsed.runs ?? [] });
    });
  });
}

export async function runProcesses(suite: InProcessSuite, opts: { count: number; quick: boolean; stage: string; tmp: string; log: (l: string) => void }): Promise<ProcessesResult> {
  const processes: ComparisonRun[][] = [];
  for (let i = 1; i <= opts.count; i++) {
    const t0 = performance.now();
    const r = await once(suite, opts.stage, join(opts.tmp, `${suite}-${i}.json`), i, opts.quick, opts.log);
    if (r.error !== undefined) return { processes, error: r.error };
    processes.push(r.runs ?? []);
    opts.log(`  process ${i}/${opts.count} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { processes };
}
