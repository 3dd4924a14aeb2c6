/**
 * Benchmark orchestrator: `npm run bench [-- --quick] [-- --only pipeline,http]`.
 *
 * Runs the suites of SUITES in order, writes test/bench/results.json (raw figures; results of
 * suites not run this time are kept from the previous file) and BENCHMARKS.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { machineInfo, packageVersions } from "./lib/env.js";
import { existsSync as exists, symlinkSync } from "node:fs";
import { runMeasured } from "./lib/child.js";
import { generatedProviderFile, PATHS, ROOT } from "./lib/product.js";
import { renderMarkdown } from "./lib/report.js";
import type { Suite, SuiteResult } from "./lib/suite.js";
import { SUITES } from "./suites/index.js";

const RESULTS = join(ROOT, "test/bench/results.json");
const MARKDOWN = join(ROOT, "BENCHMARKS.md");

function parseArgs(argv: readonly string[]): { quick: boolean; only: string[] | undefined; keepTmp: boolean; noWrite: boolean } {
  let quick = false;
  let keepTmp = false;
  let noWrite = false;
  let only: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--quick") quick = true;
    else if (a === "--keep-tmp") keepTmp = true;
    else if (a === "--no-write") noWrite = true;
    else if (a === "--generated") process.env["SAI_BENCH_GENERATED"] = argv[++i] ?? "";
    else if (a === "--only") only = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (a.startsWith("--only=")) only = a.slice(7).split(",").filter(Boolean);
    else if (a === "--help" || a === "-h") {
      console.log(`usage: npm run bench -- [--quick] [--only ${SUITES.map((s) => s.id).join(",")}] [--generated <dir>] [--keep-tmp] [--no-write]`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (only) for (const id of only) if (!SUITES.some((s) => s.id === id)) throw new Error(`unknown suite ${id}; known: ${SUITES.map((s) => s.id).join(", ")}`);
  return { quick, only, keepTmp, noWrite };
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
    for (const suite of selected) {
      log(`▶ ${suite.id}: ${suite.title}${opts.quick ? " (quick)" : ""}`);
      const machine = machineInfo();
      const date = new Date().toISOString();
      const t0 = performance.now();
      const tmp = join(tmpRoot, suite.id);
      mkdirSync(tmp, { recursive: true });
      const body = await suite.run({ quick: opts.quick, log, tmp });
      const durationMs = performance.now() - t0;
      const gen = process.env["SAI_BENCH_GENERATED"];
      const method = gen && ["pipeline", "validation", "http"].includes(suite.id) ? [...body.method, `Generated code loaded from ${gen.startsWith(tmpRoot) ? "a scratch folder: generated/ lacked github/stripe, so the real CLI generated just those two providers for this run" : gen}.`] : body.method;
      fresh.push({ id: suite.id, title: suite.title, quick: opts.quick, date, command, machine, durationMs, ...body, method });
      for (const t of body.targets) log(`  target ${t.met === undefined ? "n/a" : t.met ? "✓" : "✗"} ${t.target}: ${t.measured}`);
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
