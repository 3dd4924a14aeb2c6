/**
 * Benchmark orchestrator: `npm run bench [-- --quick] [-- --only pipeline,sizes,http]`.
 *
 * Runs the suites of SUITES in order, writes test/bench/results.json (raw figures; results of
 * suites not run this time are kept from the previous file) and BENCHMARKS.md. Suites that time
 * the product (`needsDist`) get a fresh `npm run build` and the generated code staged against
 * dist/ (lib/dist.ts). Exit code 1 when a suite's checks failed (its figures are then INVALID).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { machineInfo, packageVersions } from "./lib/env.js";
import { existsSync as exists, symlinkSync } from "node:fs";
import { runMeasured } from "./lib/child.js";
import { buildDist, stageGenerated } from "./lib/dist.js";
import { fmtMs } from "./lib/stats.js";
import { generatedProviderFile, PATHS, ROOT } from "./lib/product.js";
import { renderMarkdown } from "./lib/report.js";
import type { DistContext, Suite, SuiteResult } from "./lib/suite.js";
import { SUITES } from "./suites/index.js";

const RESULTS = join(ROOT, "test/bench/results.json");
const MARKDOWN = join(ROOT, "BENCHMARKS.md");

interface Args {
  quick: boolean;
  only: string[] | undefined;
  keepTmp: boolean;
  noWrite: boolean;
  noBuild: boolean;
  processes: number | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  let quick = false;
  let keepTmp = false;
  let noWrite = false;
  let noBuild = false;
  let processes: number | undefined;
  let only: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--quick") quick = true;
    else if (a === "--no-build") noBuild = true;
    else if (a === "--processes") processes = Math.max(1, Number(argv[++i]) || 1);
    else if (a === "--keep-tmp") keepTmp = true;
    else if (a === "--no-write") noWrite = true;
    else if (a === "--generated") process.env["SAI_BENCH_GENERATED"] = argv[++i] ?? "";
    else if (a === "--only") only = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (a.startsWith("--only=")) only = a.slice(7).split(",").filter(Boolean);
    else if (a === "--help" || a === "-h") {
      console.log(`usage: npm run bench -- [--quick] [--only ${SUITES.map((s) => s.id).join(",")}] [--processes N] [--no-build] [--generated <dir>] [--keep-tmp] [--no-write]`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (only) for (const id of only) if (!SUITES.some((s) => s.id === id)) throw new Error(`unknown suite ${id}; known: ${SUITES.map((s) => s.id).join(", ")}`);
  return { quick, only, keepTmp, noWrite, noBuild, processes };
}

function commandLine(args: readonly string[]): string {
  const event = process.env["npm_lifecycle_event"];
  const tail = args.join(" ");
  if (event === "bench") return `npm run bench${tail ? ` -- ${tail}` : ""}`;
  return `npx tsx test/bench/run.ts${tail ? ` ${tail}` : ""}`;
}

/** Providers whose generated code the in-process suites load. */
const NEEDED = ["github", "stripe"];

/**
 * When generated/ lacks a provider the suites need (and no --generated was given), generate just
 * those providers with the real CLI into the scratch folder and point the suites at it.
 */
async function ensureGenerated(tmpRoot: string, log: (l: string) => void): Promise<void> {
  if (process.env["SAI_BENCH_GENERATED"]) return;
  if (NEEDED.every((p) => exists(generatedProviderFile(p)))) return;
  if (!exists(PATHS.cli)) return;
  const dir = join(tmpRoot, "project");
  mkdirSync(join(dir, "providers"), { recursive: true });
  mkdirSync(join(dir, "schemas"), { recursive: true });
  for (const p of NEEDED) {
    if (!exists(join(PATHS.providers, p))) continue;
    symlinkSync(join(PATHS.providers, p), join(dir, "providers", p), "dir");
    symlinkSync(join(PATHS.schemas, p), join(dir, "schemas", p), "dir");
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const r = await runMeasured(process.execPath, ["--import", "tsx", PATHS.cli, "generate", "--cwd", dir, "--providers", "providers", "--out", "generated"], { cwd: ROOT });
  if (r.code === 0) {
    process.env["SAI_BENCH_GENERATED"] = join(dir, "generated");
    log(`generated/ lacks ${NEEDED.join("/")}: generated them into ${join(dir, "generated")} for this run`);
  } else log(`could not generate ${NEEDED.join(", ")} into scratch: ${(r.stderr || r.stdout).trim().split("\n")[0]}`);
}

/** Builds dist/ (unless --no-build) and stages the generated code against it, once per run. */
async function prepareDist(opts: Args, tmpRoot: string, log: (l: string) => void): Promise<DistContext> {
  let build: string;
  if (opts.noBuild) {
    build = "dist/ was NOT rebuilt for this run (`--no-build`): it may be stale against src/.";
  } else {
    log("▶ npm run build (dist/ is what the in-process and HTTP suites time)");
    const b = await buildDist();
    if (b.strays.length) log(`  ! the build emitted outside dist/ (removed): ${b.strays.join(", ")}`);
    if (!b.ok) {
      const errors = b.output.split("\n").filter((l) => /error TS\d+/.test(l)).slice(0, 3);
      const strays = b.strays.length ? `; it also emitted ${b.strays.length} file(s) outside dist/ (removed: ${b.strays.join(", ")})` : "";
      return { error: `npm run build failed, nothing timed: ${(errors.length ? errors : b.output.trim().split("\n").slice(-3)).join(" | ")}${strays}` };
    }
    build = `\`npm run build\` (tsc -p tsconfig.build.json → dist/) ran at the start of this run (${fmtMs(b.ms)}).`;
  }
  try {
    return { stage: stageGenerated(join(tmpRoot, "dist-stage")), build, processes: opts.processes };
  } catch (err) {
    return { error: `could not stage the generated code: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opts = parseArgs(args);
  const command = commandLine(args);
  const selected: Suite[] = SUITES.filter((s) => !opts.only || opts.only.includes(s.id));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const fresh: SuiteResult[] = [];
  const tmpRoot = mkdtempSync(join(os.tmpdir(), "sai-bench-"));
  try {
    await ensureGenerated(tmpRoot, log);
    let dist: DistContext | undefined;
    for (const suite of selected) {
      if (suite.needsDist && dist === undefined) {
        dist = await prepareDist(opts, tmpRoot, log);
        if ("error" in dist) {
          // Nothing of the product can be timed: say so loudly, and fail the command.
          log(`  ⚠ ${dist.error}`);
          process.exitCode = 1;
        }
      }
      log(`▶ ${suite.id}: ${suite.title}${opts.quick ? " (quick)" : ""}`);
      const machine = machineInfo();
      const date = new Date().toISOString();
      const t0 = performance.now();
      const tmp = join(tmpRoot, suite.id);
      mkdirSync(tmp, { recursive: true });
      const body = await suite.run({ quick: opts.quick, log, tmp, ...(suite.needsDist && dist ? { dist } : {}) });
      const durationMs = performance.now() - t0;
      const gen = process.env["SAI_BENCH_GENERATED"];
      const method = gen && ["pipeline", "sizes", "validation", "http"].includes(suite.id) ? [...body.method, `Generated code loaded from ${gen.startsWith(tmpRoot) ? "a scratch folder: generated/ lacked github/stripe, so the real CLI generated just those two providers for this run" : gen}.`] : body.method;
      fresh.push({ id: suite.id, title: suite.title, quick: opts.quick, date, command, machine, durationMs, ...body, method });
      for (const t of body.targets) log(`  target ${t.inconclusive ? "inconclusive" : t.met === undefined ? "n/a" : t.met ? "✓" : "✗"} ${t.target}: ${t.measured}`);
      if (body.invalid !== undefined) {
        log(`  ⚠ INVALID: ${body.invalid}`);
        process.exitCode = 1;
      }
      log(`  done in ${(durationMs / 1000).toFixed(1)} s`);
    }
  } finally {
    if (opts.keepTmp) log(`scratch kept in ${tmpRoot}`);
    else rmSync(tmpRoot, { recursive: true, force: true });
  }
  if (opts.noWrite) return;

  let previous: SuiteResult[] = [];
  if (existsSync(RESULTS)) {
    try {
      previous = (JSON.parse(readFileSync(RESULTS, "utf8")) as { suites?: SuiteResult[] }).suites ?? [];
    } catch {
      previous = [];
    }
  }
  const suites = [...previous.filter((p) => !fresh.some((f) => f.id === p.id) && SUITES.some((s) => s.id === p.id)), ...fresh];
  const packages = packageVersions();
  const machine = machineInfo();
  const date = new Date().toISOString();
  writeFileSync(RESULTS, `${JSON.stringify({ date, command, machine, packages, suites }, null, 1)}\n`);
  writeFileSync(MARKDOWN, renderMarkdown({ suites, order: SUITES.map((s) => s.id), packages, machine, date, command }));
  log(`wrote ${MARKDOWN} and ${RESULTS}`);
}

await main();
