/**
 * Body-size table: GitHub push-shaped bodies from ~1 kB to 1 MB (lib/sizes.ts), floor / ours
 * validation off / ours lenient / octokit, same block method as the pipeline suite.
 */
import { fmtX, pairedRatio, perDeliveryNs } from "../lib/aggregate.js";
import { collect, comparisonTable, controlsTable, methodText, target } from "../lib/inprocess.js";
import { fmtBytes, fmtNs } from "../lib/stats.js";
import { verdictMark, type Suite, type Table } from "../lib/suite.js";
import { SIZES } from "../lib/sizes.js";

export const sizesSuite: Suite = {
  id: "sizes",
  title: "Pipeline overhead by body size (in process)",
  needsDist: true,
  async run(ctx) {
    const c = await collect("sizes", ctx);
    if (!("byComparison" in c)) return c;
    const cols = ["ours.off", "ours.lenient", "octokit"] as const;
    const rows: string[][] = [];
    for (const s of SIZES) {
      const a = c.byComparison.get(`github.push.${s.id}`);
      const r = a?.[0];
      if (!a || !r) continue;
      const size = r.bytes === s.bytes ? s.label : `${s.label} asked → ${fmtBytes(r.bytes)} (smallest valid push)`;
      const ratio = (id: string) => {
        const st = pairedRatio(a, id, "floor");
        const impl = r.impls.find((i) => i.id === id);
        if (!st) return impl?.state === "rejects" ? "rejects: not timed" : "—";
        return `${fmtX(st.median)} (${st.min.toFixed(3)} – ${st.max.toFixed(3)})`;
      };
      rows.push([size, String(r.n), fmtNs(perDeliveryNs(a, "floor")), ...cols.map((id) => fmtNs(perDeliveryNs(a, id))), ...cols.map(ratio)]);
    }
    const tables: Table[] = [
      {
        title: "By body size (GitHub push-shaped; ratio = median of process medians, range of process medians in brackets)",
        columns: ["body", "deliveries / block", "floor", "ours off", "ours lenient", "octokit", "ours off × floor", "ours lenient × floor", "octokit × floor"],
        rows,
        notes: ["A valid push cannot be 1 kB: its required keys (a full repository object, pusher, sender) alone take ~2.4 kB with every free string emptied; the smallest row is that body."],
      },
      ...[...c.byComparison.values()].map((a) => comparisonTable(a)),
      controlsTable(c.byComparison),
    ];
    const targets = [target(c.byComparison, { comparison: "github.push.1m", num: "ours.off", den: "floor", limit: 1.03, text: "validation off ≤ 1.03× floor at 1 MB (GitHub push-shaped)" })];
    tables.push({ title: "Targets", columns: ["target", "measured", "verdict"], rows: targets.map((t) => [t.target, t.measured, verdictMark(t)]) });
    return {
      method: methodText(c, ctx.quick, ctx.dist && "build" in ctx.dist ? ctx.dist.build : ""),
      tables,
      targets,
      missing: [],
      raw: { processes: [...c.byComparison.entries()].map(([id, a]) => ({ id, runs: a })) },
    };
  },
};
