/**
 * The block-alternation engine of the in-process suites. One comparison, in this process:
 * every round runs one block (the whole pool once) of each implementation, in a freshly shuffled
 * order; a block is timed as a whole with process.hrtime.bigint(); its result count must equal
 * the pool size, or the run is invalid. Negative controls run before and after the rounds.
 */
import type { ComparisonSpec } from "./comparisons.js";
import type { DistProduct } from "./dist.js";
import { implEntry, type Control, type Impl } from "./impls.js";
import { poolMaker } from "./pool.js";

/** Thrown for anything that makes a figure meaningless: wrong results, failed controls. */
export class InvalidRun extends Error {
  override readonly name = "InvalidRun";
}

export interface ImplOutcome {
  readonly id: string;
  readonly label: string;
  readonly state: "timed" | "unavailable" | "rejects";
  readonly reason?: string;
}

/** One comparison's raw figures from one process. */
export interface ComparisonRun {
  readonly id: string;
  readonly label: string;
  readonly source: string;
  readonly bytes: number;
  readonly n: number;
  readonly rounds: number;
  readonly warmup: number;
  readonly impls: readonly ImplOutcome[];
  /** Per timed implementation, the block times in ns of the measured rounds (index = round). */
  readonly blockNs: Record<string, number[]>;
  /** Iterations whose result was checked (warm-up rounds included). */
  readonly checked: Record<string, number>;
  readonly controls: readonly Control[];
}

/** Small deterministic PRNG (mulberry32): the block order is shuffled, yet repeatable per seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

async function controlsOf(impls: readonly Impl[], phase: "before" | "after"): Promise<Control[]> {
  const out: Control[] = [];
  for (const impl of impls) out.push(...(await impl.controls(phase)));
  const failed = out.filter((c) => !c.ok);
  if (failed.length) throw new InvalidRun(`negative control failed ${phase} timing: ${failed.map((c) => `${c.impl} ${c.check}: expected ${c.expected}, got ${c.got}`).join("; ")}`);
  return out;
}

export interface RunOptions {
  readonly rounds: number;
  readonly warmup: number;
  readonly seed: number;
  readonly log: (line: string) => void;
}

export async function runComparison(spec: ComparisonSpec, product: DistProduct, opts: RunOptions): Promise<ComparisonRun> {
  const payload = spec.payload();
  const nowSec = Math.floor(Date.now() / 1000);
  const make = poolMaker(payload, opts.seed);
  const pool = Array.from({ length: spec.n }, (_, i) => make(i));
  const spares = new Map<number, ReturnType<typeof make>>();
  const spare = (k: number) => {
    let d = spares.get(k);
    if (!d) spares.set(k, (d = make(spec.n + k)));
    return d;
  };

  const outcomes: ImplOutcome[] = [];
  const timed: Impl[] = [];
  for (const id of spec.impls) {
    const entry = implEntry(id);
    const s = await entry.setup({ product, payload, pool, spare, nowSec });
    if ("impl" in s) {
      timed.push(s.impl);
      outcomes.push({ id, label: entry.label, state: "timed" });
    } else if ("rejects" in s) outcomes.push({ id, label: entry.label, state: "rejects", reason: s.rejects });
    else outcomes.push({ id, label: entry.label, state: "unavailable", reason: s.unavailable });
  }
  const floorId = spec.impls[0] as string;
  if (!timed.some((i) => i.id === floorId)) throw new InvalidRun(`${spec.id}: the floor could not run`);
  const rejected = outcomes.filter((o) => o.state === "rejects" && (o.id === "ours.off" || o.id === "ours.lenient"));
  // off/lenient must accept a valid payload; a rejection there is a bug, not a row to skip.
  if (rejected.length) throw new InvalidRun(`${spec.id}: ${rejected.map((o) => `${o.id} rejects the payload (${o.reason})`).join("; ")}`);

  const controls = await controlsOf(timed, "before");
  const blockNs: Record<string, number[]> = Object.fromEntries(timed.map((i) => [i.id, []]));
  const checked: Record<string, number> = Object.fromEntries(timed.map((i) => [i.id, 0]));
  const random = rng(opts.seed * 7919 + 17);
  const total = opts.warmup + opts.rounds;
  for (let round = 0; round < total; round++) {
    for (const impl of shuffled(timed, random)) {
      await impl.prepare();
      const t0 = process.hrtime.bigint();
      const res = impl.run();
      const ok = typeof res === "number" ? res : await res;
      const t1 = process.hrtime.bigint();
      checked[impl.id] = (checked[impl.id] ?? 0) + spec.n;
      if (ok !== spec.n) throw new InvalidRun(`${spec.id} ${impl.id}, round ${round}: ${ok} of ${spec.n} deliveries got the expected result`);
      const bad = impl.verify();
      if (bad !== undefined) throw new InvalidRun(`${spec.id}, round ${round}: ${bad}`);
      if (round >= opts.warmup) (blockNs[impl.id] as number[]).push(Number(t1 - t0));
    }
    if ((round + 1) % 50 === 0) opts.log(`    ${spec.id}: round ${round + 1}/${total}`);
  }
  controls.push(...(await controlsOf(timed, "after")));
  return {
    id: spec.id,
    label: payload.label,
    source: payload.source,
    bytes: payload.bytes.length,
    n: spec.n,
    rounds: opts.rounds,
    warmup: opts.warmup,
    impls: outcomes,
    blockNs,
    checked,
    controls,
  };
}
