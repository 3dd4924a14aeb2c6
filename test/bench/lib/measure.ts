/**
 * Interleaved micro-benchmarks on top of mitata's measuring engine.
 *
 * mitata's `run()` measures each registered bench back to back with a fixed time budget; on a
 * shared 2-core machine that lets a burst of foreign load land entirely on one row. We therefore
 * call mitata's `measure()` (the engine `run()` uses, returning the same stats objects) in several
 * short rounds, rotating the row order each round, and pool the per-iteration samples.
 */
import { measure } from "mitata";
import { summarize, type Summary } from "./stats.js";

export interface MicroRow {
  readonly id: string;
  /** Synchronous or async function measured per iteration. */
  readonly fn: () => unknown;
  /** Called before each round (e.g. to re-sign payloads whose timestamps must stay fresh). */
  readonly beforeRound?: () => void | Promise<void>;
}

export interface MicroResult {
  readonly id: string;
  /** Per-iteration times in ns (mitata batch samples), pooled over rounds. */
  readonly samples: number[];
  readonly summary: Summary;
  readonly rounds: number;
  readonly error?: string;
}

export interface MicroOptions {
  readonly rounds: number;
  /** CPU-time budget per row per round, in ms. */
  readonly msPerRound: number;
  /** Iterations averaged into one sample when an iteration is fast (mitata batching). */
  readonly batchSamples?: number;
  readonly log?: (line: string) => void;
}

export async function measureInterleaved(rows: readonly MicroRow[], opts: MicroOptions): Promise<MicroResult[]> {
  const pooled = new Map<string, number[]>(rows.map((r) => [r.id, []]));
  const errors = new Map<string, string>();
  for (let round = 0; round < opts.rounds; round++) {
    const order = rows.map((_, i) => rows[(i + round) % rows.length] as MicroRow);
    for (const row of order) {
      if (errors.has(row.id)) continue;
      try {
        await row.beforeRound?.();
        const stats = await measure(row.fn, {
          min_cpu_time: opts.msPerRound * 1e6,
          min_samples: 8,
          warmup_samples: 4,
          batch_samples: opts.batchSamples ?? 256,
        });
        // A loop, not push(...samples): a sub-100 ns row yields more samples than a call may take arguments.
        const pool = pooled.get(row.id);
        if (pool !== undefined) for (const sample of stats.samples) pool.push(sample);
      } catch (err) {
        errors.set(row.id, err instanceof Error ? err.message : String(err));
        opts.log?.(`  ! ${row.id}: ${errors.get(row.id)}`);
      }
    }
    opts.log?.(`  round ${round + 1}/${opts.rounds} done`);
  }
  return rows.map((r) => {
    const samples = pooled.get(r.id) ?? [];
    const error = errors.get(r.id);
    return { id: r.id, samples, summary: summarize(samples), rounds: opts.rounds, ...(error === undefined ? {} : { error }) };
  });
}
