/**
 * One process of an in-process suite: `node --import tsx compare.ts <suite> <stage> <out.json> <seed> [quick]`
 * (spawned by lib/processes.ts with childEnv()). Runs every comparison of the suite with the block
 * engine against dist, writes `{ runs }` or `{ error, invalid }` to <out.json>; exit 1 on error.
 */
import { writeFileSync } from "node:fs";
import { InvalidRun, runComparison, type ComparisonRun } from "../lib/blocks.js";
import { comparisons, WARMUP_ROUNDS, type InProcessSuite } from "../lib/comparisons.js";
import { loadDist } from "../lib/dist.js";

const [suite, stage, out, seedArg, quickArg] = process.argv.slice(2);
if ((suite !== "pipeline" && suite !== "sizes") || !stage || !out) throw new Error("usage: compare.ts <pipeline|sizes> <stage> <out.json> <seed> [quick]");
const quick = quickArg === "quick";
const seed = Number(seedArg ?? 0);
const log = (line: string) => process.stderr.write(`${line}\n`);

try {
  const product = await loadDist(stage);
  const runs: ComparisonRun[] = [];
  for (const spec of comparisons(suite as InProcessSuite)) {
    const rounds = quick ? spec.quickRounds : spec.rounds;
    runs.push(await runComparison(spec, product, { rounds, warmup: quick ? WARMUP_ROUNDS.quick : WARMUP_ROUNDS.full, seed, log }));
  }
  writeFileSync(out, JSON.stringify({ runs, pid: process.pid }));
} catch (err) {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  writeFileSync(out, JSON.stringify({ error: message, invalid: err instanceof InvalidRun }));
  log(message);
  process.exitCode = 1;
}
