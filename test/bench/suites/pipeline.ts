/**
 * Pipeline overhead, in process: the cost of receiving one delivery (verify + parse [+ validate,
 * dedupe, dispatch]) relative to the floor (HMAC + timingSafeEqual + JSON.parse of the same
 * bytes), by block alternation in several processes (lib/blocks.ts, lib/aggregate.ts).
 *
 * Payloads and columns: lib/comparisons.ts; implementations: lib/impls.ts.
 */
import { fmtX, pairedRatio } from "../lib/aggregate.js";
import { collect, comparisonTable, controlsTable, methodText, target, type TargetSpec } from "../lib/inprocess.js";
import { verdictMark, type Suite, type Table } from "../lib/suite.js";

const HEADLINE = "github.push";

/** The targets, judged on GitHub push (the headline payload). */
const TARGETS: readonly TargetSpec[] = [
  { comparison: HEADLINE, num: "ours.off", den: "floor", limit: 1.05, text: "validation off ≤ 1.05× floor (GitHub push)" },
  { comparison: HEADLINE, num: "ours.off", den: "octokit", limit: 1.0, text: "validation off ≤ @octokit/webhooks verifyAndReceive time (GitHub push; paired ratio ≤ 1)" },
  { comparison: HEADLINE, num: "ours.lenient", den: "floor", limit: 1.2, text: "validation lenient ≤ 1.20× floor (GitHub push)" },
];

export const pipelineSuite: Suite = {
  id: "pipeline",
  title: "Pipeline overhead (in process)",
  needsDist: true,
  async run(ctx) {
    const c = await collect("pipeline", ctx);
    if (!("byComparison" in c)) return c;
    const tables: Table[] = [...c.byComparison.values()].map((a) => comparisonTable(a));

    // Ours against octokit directly (paired per round), for every GitHub payload and mode.
    const vsRows: string[][] = [];
    for (const [id, a] of c.byComparison) {
      if (!a[0]?.impls.some((i) => i.id === "octokit" && i.state === "timed")) continue;
      for (const impl of a[0].impls.filter((i) => i.id.startsWith("ours.") && i.state === "timed")) {
        const s = pairedRatio(a, impl.id, "octokit");
        if (s) vsRows.push([id, impl.label, fmtX(s.median), `${s.min.toFixed(3)} – ${s.max.toFixed(3)}`, `${s.p25.toFixed(3)} – ${s.p75.toFixed(3)}`]);
      }
    }
    tables.push({ title: "Ours ÷ @octokit/webhooks (per-round paired ratio; < 1 = faster)", columns: ["payload", "implementation", "× octokit", "range of process medians", "block ratios p25 – p75"], rows: vsRows });
    tables.push(controlsTable(c.byComparison));
    const targets = TARGETS.map((t) => target(c.byComparison, t));
    tables.push({ title: "Targets", columns: ["target", "measured", "verdict"], rows: targets.map((t) => [t.target, t.measured, verdictMark(t)]) });

    const missing = [...c.byComparison.values()].flatMap((a) => (a[0]?.impls ?? []).filter((i) => i.state === "unavailable").map((i) => `${a[0]?.label}: ${i.label}: ${i.reason}`));
    return {
      method: methodText(c, ctx.quick, ctx.dist && "build" in ctx.dist ? ctx.dist.build : ""),
      tables,
      targets,
      missing,
      raw: { processes: [...c.byComparison.entries()].map(([id, a]) => ({ id, runs: a })) },
    };
  },
};
