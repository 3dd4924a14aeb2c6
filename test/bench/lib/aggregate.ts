/**
 * From block times to verdicts. Within a process: the ratio of two implementations is taken per
 * round (their blocks ran in the same round, moments apart), and the process's figure is the
 * median of those per-round ratios. Across processes: the median of the process figures, with
 * their min–max as the spread — a load spike in one process widens the spread instead of moving
 * the verdict. A target is met only when the whole spread is on its side.
 */
import type { ComparisonRun } from "./blocks.js";
import { quantile } from "./stats.js";

const sorted = (v: readonly number[]) => [...v].sort((a, b) => a - b);
const med = (v: readonly number[]) => quantile(sorted(v), 0.5);

export interface RatioStat {
  /** Median over processes of the per-process median of per-round ratios. */
  readonly median: number;
  /** Min and max of the per-process medians. */
  readonly min: number;
  readonly max: number;
  /** Quartiles of all per-round ratios, pooled over processes. */
  readonly p25: number;
  readonly p75: number;
  readonly perProcess: readonly number[];
  readonly blocks: number;
}

/** Per-round ratio num/den in every process (rounds where both ran), summarised. */
export function pairedRatio(runs: readonly ComparisonRun[], num: string, den: string): RatioStat | undefined {
  const perProcess: number[] = [];
  const pooled: number[] = [];
  for (const r of runs) {
    const a = r.blockNs[num];
    const b = r.blockNs[den];
    if (!a?.length || !b?.length) return undefined;
    const ratios = a.map((x, i) => x / (b[i] as number)).filter(Number.isFinite);
    perProcess.push(med(ratios));
    pooled.push(...ratios);
  }
  if (!perProcess.length) return undefined;
  const s = sorted(pooled);
  return { median: med(perProcess), min: Math.min(...perProcess), max: Math.max(...perProcess), p25: quantile(s, 0.25), p75: quantile(s, 0.75), perProcess, blocks: pooled.length };
}

/** Median over processes of the median block time per delivery, in ns. */
export function perDeliveryNs(runs: readonly ComparisonRun[], id: string): number {
  const per = runs.map((r) => (r.blockNs[id]?.length ? med(r.blockNs[id] as number[]) / r.n : Number.NaN)).filter(Number.isFinite);
  return per.length ? med(per) : Number.NaN;
}

export type Verdict = "met" | "missed" | "inconclusive";

/**
 * `≤ limit` judged on the spread: the across-process range when there are ≥ 2 processes (the
 * repeatability that matters), else the block quartiles.
 */
export function verdict(stat: RatioStat, limit: number): Verdict {
  const [lo, hi] = stat.perProcess.length >= 2 ? [stat.min, stat.max] : [stat.p25, stat.p75];
  if (hi <= limit) return "met";
  if (lo > limit) return "missed";
  return "inconclusive";
}

export const fmtX = (r: number) => (Number.isFinite(r) ? `${r.toFixed(3)}×` : "—");

/** `1.043× (processes 1.031–1.052; blocks p25–p75 1.01–1.08)` */
export function fmtStat(s: RatioStat): string {
  return `${fmtX(s.median)} (processes ${s.min.toFixed(3)}–${s.max.toFixed(3)}; blocks p25–p75 ${s.p25.toFixed(3)}–${s.p75.toFixed(3)})`;
}
