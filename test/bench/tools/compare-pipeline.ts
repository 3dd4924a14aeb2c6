/**
 * Quick interleaved comparison on one payload, for iterating on the hot path without the whole
 * suite: `npx tsx test/bench/tools/compare-pipeline.ts [payload=github.push] [rounds=6] [ms=150]
 * [columns=floor,ours.off,ours.lenient,ours.strict,octokit]`. Prints medians and × floor from the
 * same run (the suite's COLUMNS, measured exactly as the pipeline suite measures them).
 */
import { measureInterleaved, type MicroRow } from "../lib/measure.js";
import { payloads } from "../lib/payloads.js";
import { fmtNs, fmtRatio } from "../lib/stats.js";
import { COLUMNS } from "../suites/pipeline.js";

const [payloadId = "github.push", roundsArg = "6", msArg = "150", columnsArg = "floor,ours.off,ours.lenient,ours.strict,octokit"] =
  process.argv.slice(2);
const p = payloads().find((x) => x.id === payloadId);
if (!p) throw new Error(`unknown payload ${payloadId}`);
const wanted = columnsArg.split(",");
const nowSec = Math.floor(Date.now() / 1000);
const rows: MicroRow[] = [];
for (const c of COLUMNS.filter((x) => wanted.includes(x.id) && x.applies(p))) {
  const s = await c.setup(p, nowSec);
  if (!("fn" in s)) {
    console.log(`${c.id}: ${s.unavailable}`);
    continue;
  }
  if (s.note) console.log(`${c.id}: ${s.note}`);
  rows.push({ id: c.id, fn: s.fn, ...(s.beforeRound ? { beforeRound: s.beforeRound } : {}) });
}
const results = await measureInterleaved(rows, { rounds: Number(roundsArg), msPerRound: Number(msArg), batchSamples: 256 });
const floor = results.find((r) => r.id === "floor")?.summary.p50 ?? Number.NaN;
for (const r of results) {
  console.log(`${r.id.padEnd(14)} ${fmtNs(r.summary.p50).padStart(9)}  p25–p75 ${fmtNs(r.summary.p25)} – ${fmtNs(r.summary.p75)}  ${fmtRatio(r.summary.p50 / floor)}`);
}
