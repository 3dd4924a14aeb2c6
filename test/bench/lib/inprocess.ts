/**
 * What the pipeline and sizes suites share: running their processes, the per-comparison table,
 * the controls table, targets on paired ratios, and the method text.
 */
import type { ComparisonRun } from "./blocks.js";
import { fmtStat, fmtX, pairedRatio, perDeliveryNs, verdict, type RatioStat } from "./aggregate.js";
import type { InProcessSuite } from "./comparisons.js";
import { DEFAULT_PROCESSES, runProcesses } from "./processes.js";
import { fmtBytes, fmtNs } from "./stats.js";
import type { SuiteBody, SuiteContext, Table, TargetCheck } from "./suite.js";

/** The runs of one comparison, one per process. */
export type Across = readonly ComparisonRun[];

export interface Collected {
  readonly byComparison: ReadonlyMap<string, Across>;
  readonly processes: number;
}

/** Runs the suite's processes; a body to return as is when it could not run or a check failed. */
export async function collect(suite: InProcessSuite, ctx: SuiteContext): Promise<Collected | SuiteBody> {
  const dist = ctx.dist;
  if (!dist || "error" in dist) return failed(dist ? dist.error : "run.ts did not prepare dist/", false);
  const count = dist.processes ?? (ctx.quick ? DEFAULT_PROCESSES.quick : DEFAULT_PROCESSES.full);
  const r = await runProcesses(suite, { count, quick: ctx.quick, stage: dist.stage, tmp: ctx.tmp, log: ctx.log });
  if (r.error !== undefined) return failed(r.error, true, r.processes);
  const byComparison = new Map<string, ComparisonRun[]>();
  for (const runs of r.processes) for (const run of runs) byComparison.set(run.id, [...(byComparison.get(run.id) ?? []), run]);
  return { byComparison, processes: r.processes.length };
}

function failed(why: string, invalid: boolean, partial: unknown = []): SuiteBody {
  return { method: [], tables: [], targets: [], missing: [why], raw: { error: why, partial }, ...(invalid ? { invalid: why } : {}) };
}

const first = (a: Across) => a[0] as ComparisonRun;

export function comparisonTitle(a: Across, label = first(a).label): string {
  const r = first(a);
  return `${label} (${fmtBytes(r.bytes)}, ${r.source}): ${r.n} deliveries per block, ${r.rounds} rounds × ${a.length} processes`;
}

/** One row per implementation: time per delivery, × floor with spreads, iterations checked. */
export function comparisonTable(a: Across, title = comparisonTitle(a)): Table {
  const r = first(a);
  const floorId = r.impls[0]?.id ?? "floor";
  const rows = r.impls.map((impl) => {
    if (impl.state === "rejects") return [impl.label, "—", "—", "—", "—", "—", `rejects: not timed (${impl.reason ?? ""})`];
    if (impl.state === "unavailable") return [impl.label, "—", "—", "—", "—", "—", `not measured: ${impl.reason ?? ""}`];
    const s = pairedRatio(a, impl.id, floorId);
    const checked = a.reduce((n, x) => n + (x.checked[impl.id] ?? 0), 0);
    return [
      impl.label,
      fmtNs(perDeliveryNs(a, impl.id)),
      impl.id === floorId ? "1 (reference)" : s ? fmtX(s.median) : "—",
      impl.id === floorId || !s ? "" : `${s.min.toFixed(3)} – ${s.max.toFixed(3)}`,
      impl.id === floorId || !s ? "" : `${s.p25.toFixed(3)} – ${s.p75.toFixed(3)}`,
      `${checked.toLocaleString("en-US")} ✓`,
      "",
    ];
  });
  return {
    title,
    columns: ["implementation", "per delivery (median)", "× floor (median of process medians)", "range of process medians", "block ratios p25 – p75", "iterations checked", ""],
    rows,
    notes: ["Per delivery = median block time ÷ block size, not paired (load drifts between blocks); the × floor columns are the paired figures to compare."],
  };
}

/** Every negative control, summed over processes and phases (a failed one would have invalidated the run). */
export function controlsTable(all: ReadonlyMap<string, Across>, title = "Negative controls (before and after timing, every process)"): Table {
  const rows: string[][] = [];
  for (const [id, a] of all) {
    for (const impl of first(a).impls.filter((i) => i.state === "timed")) {
      const cell = (check: string) => {
        const cs = a.flatMap((r) => r.controls.filter((c) => c.impl === impl.id && c.check === check));
        if (!cs.length) return "—";
        const ok = cs.filter((c) => c.ok).length;
        return `${ok === cs.length ? "✓" : "✗"} ${cs[0]?.expected ?? ""} (${ok}/${cs.length})`;
      };
      rows.push([id, impl.label, cell("tampered"), cell("wrong secret"), cell("duplicate")]);
    }
  }
  return {
    title,
    columns: ["payload", "implementation", "tampered body →", "wrong secret →", "same delivery twice → second answer"],
    rows,
    notes: [
      "Tampered: one byte of the varied field changed after signing. Wrong secret: signed with a secret nobody is configured with. Duplicate: before timing a fresh delivery twice to a fresh pipeline; after timing, the last block's first delivery again to the last block's pipeline (so it proves the timed deliveries were recorded by dedupe). With `dedupe: false` the second must be processed again.",
    ],
  };
}

export interface TargetSpec {
  readonly comparison: string;
  readonly num: string;
  readonly den: string;
  readonly limit: number;
  readonly text: string;
}

export function target(all: ReadonlyMap<string, Across>, t: TargetSpec): TargetCheck {
  const a = all.get(t.comparison);
  const s: RatioStat | undefined = a ? pairedRatio(a, t.num, t.den) : undefined;
  if (!s) {
    const why = a ? (first(a).impls.find((i) => (i.id === t.num || i.id === t.den) && i.state !== "timed")?.reason ?? "not timed") : "not run";
    return { target: t.text, measured: `not measured (${why})`, met: undefined };
  }
  const v = verdict(s, t.limit);
  return { target: t.text, measured: fmtStat(s), met: v === "inconclusive" ? undefined : v === "met", ...(v === "inconclusive" ? { inconclusive: true } : {}) };
}

/** The method bullets both suites print. */
export function methodText(c: Collected, quick: boolean, build: string): string[] {
  const any = [...c.byComparison.values()][0];
  const r = any?.[0];
  return [
    `**Blocks**: each comparison alternates its implementations in blocks in ONE process; a block runs every delivery of the pool once and is timed as a whole (process.hrtime.bigint around the block, not per call). Every round runs one block of each implementation, in a freshly shuffled order (seeded); ${r ? `${r.warmup} warm-up rounds are discarded` : "warm-up rounds are discarded"}.`,
    "**Ratios**: per round, each implementation's block time over the floor's block time in that same round; a process's figure is the median of its per-round ratios. Per-delivery times are median block time / block size.",
    `**Processes**: the whole suite runs in ${c.processes} child process(es), one after another; reported = median of the process medians, spread = min–max of the process medians (and the p25–p75 of all block ratios). A target is met only when the whole range of process medians is on its side; if the range straddles it, the verdict is "inconclusive (spread crosses target)".`,
    `**dist**: ${build} The runtime is imported from dist/runtime/index.js; the generated github/stripe definitions are staged in a scratch folder whose \`smart-api-integrations\` resolves (through package.json exports) to that same dist, checked by a probe before any timing.`,
    "**Checks**: the timed loop counts the expected result of every iteration (ours: status 200, and the no-op handler must have run once per delivery; octokit: resolved and its handler ran; the floor: signature matched and JSON parsed; stripe/standardwebhooks/svix: returned the event). Any block short of its pool size, and any failed negative control, invalidates the run with a loud error.",
    "**Pools**: every delivery in a block is distinct and correctly signed: one string field of equal length is varied per delivery (GitHub: `after` / `pull_request.head.sha`; Stripe: the event `id`), so bodies differ but sizes are equal; each is signed outside the timed region with its scheme (GitHub `x-hub-signature-256` + unique `x-github-delivery`; Stripe `stripe-signature` from stripe's generateTestHeaderString; standardwebhooks/svix their own). Ours gets a fresh pipeline with its REAL in-memory dedupe store for every block (warmed with one extra delivery outside the pool), so no timed delivery is ever a duplicate; the floor and the competitors get the same pool.",
    "**Ours**: the generated provider definition cloned with one webhook per validation mode (rate limit, IP allowlist and `events:` filter removed), a no-op `on(\"*\")` handler, `createWebhookHandler` called with a `WebhookRequest` whose `readBody` returns the bytes in hand (as after `express.raw()`). \"dedupe off\" is `createWebhookHandler(routes, { dedupe: false })`, shown only when a repeated delivery is then processed again. A mode that rejects the payload is reported \"rejects: not timed\", never as a speed.",
    ...(quick ? ["**Quick mode**: fewer rounds and processes; a smoke test of the harness, not a measurement."] : []),
  ];
}
