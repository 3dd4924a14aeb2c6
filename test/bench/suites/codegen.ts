/**
 * How `generate` and `check` grow with the work: wall time and peak RSS of the CLI (a fresh
 * process each run) on the built-in providers and on synthetic providers of growing size.
 *
 * Cases come from CODEGEN_CASES; a new size is one more entry in SYNTHETIC_SIZES.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { runMeasured, hasGnuTime, type ChildRun } from "../lib/child.js";
import { builtInProviders, PATHS, ROOT } from "../lib/product.js";
import { fmtBytes, fmtMs, logLogSlope, summarize } from "../lib/stats.js";
import { mark, type Suite, type Table, type TargetCheck } from "../lib/suite.js";
import { writeSyntheticProvider } from "../lib/synthetic.js";

export const SYNTHETIC_SIZES: readonly number[] = [50, 300, 1000];

export interface CodegenCase {
  readonly id: string;
  readonly label: string;
  /** Prepares a project folder; returns the --cwd, --providers values and the event count. */
  setup(dir: string): { cwd: string; providers: string; events: number; defs: number } | string;
  readonly synthetic: boolean;
}

function countJson(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).length : 0;
}

export const CODEGEN_CASES: readonly CodegenCase[] = [
  {
    id: "builtin",
    label: "built-in providers",
    synthetic: false,
    setup: (dir) => {
      const names = builtInProviders();
      if (names.length === 0) return "providers/ has no webhook.yaml yet";
      mkdirSync(dir, { recursive: true });
      const events = names.reduce((a, n) => a + countJson(join(PATHS.schemas, n, "events")), 0);
      const defs = names.reduce((a, n) => a + countJson(join(PATHS.schemas, n, "defs")), 0);
      return { cwd: dir, providers: PATHS.providers, events, defs };
    },
  },
  ...SYNTHETIC_SIZES.map(
    (n): CodegenCase => ({
      id: `synthetic-${n}`,
      label: `synthetic, ${n} events`,
      synthetic: true,
      setup: (dir) => {
        const s = writeSyntheticProvider(dir, `synth${n}`, n);
        return { cwd: dir, providers: "providers", events: s.events, defs: s.defs };
      },
    }),
  ),
];

const cli = (args: readonly string[], cwd: string) =>
  runMeasured(process.execPath, ["--import", "tsx", PATHS.cli, ...args], { cwd: ROOT, timeoutMs: 10 * 60_000 }).then((r) => ({ ...r, cwd }));

function parseSummary(out: string): { written: number; unchanged: number; deleted: number } | undefined {
  const m = /(\d+)\s+written,\s*(\d+)\s+unchanged,\s*(\d+)\s+deleted/.exec(out);
  return m ? { written: Number(m[1]), unchanged: Number(m[2]), deleted: Number(m[3]) } : undefined;
}

function dirSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  if (!existsSync(dir)) return { files, bytes };
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

interface CaseRaw {
  events: number;
  defs: number;
  cold: ChildRun[];
  noop: ChildRun[];
  check: ChildRun[];
  noopWritten: (number | undefined)[];
  checkCodes: (number | null)[];
  output?: { files: number; bytes: number };
  error?: string;
}

const brief = (r: ChildRun) => ({ wallMs: r.wallMs, maxRssBytes: r.maxRssBytes, code: r.code, stdout: r.stdout.slice(-400), stderr: r.stderr.slice(-400) });

export const codegenSuite: Suite = {
  id: "codegen",
  title: "generate / check cost by catalog size",
  async run(ctx) {
    if (!existsSync(PATHS.cli)) {
      return { method: [], tables: [], targets: [], missing: ["src/cli/main.ts not available"], raw: {} };
    }
    const samples = ctx.quick ? 1 : 5;
    const raw = new Map<string, CaseRaw>();
    const startup: ChildRun[] = [];
    const dirs = new Map<string, { cwd: string; providers: string }>();
    for (const c of CODEGEN_CASES) {
      const s = c.setup(join(ctx.tmp, c.id));
      if (typeof s === "string") {
        raw.set(c.id, { events: 0, defs: 0, cold: [], noop: [], check: [], noopWritten: [], checkCodes: [], error: s });
        continue;
      }
      dirs.set(c.id, s);
      raw.set(c.id, { events: s.events, defs: s.defs, cold: [], noop: [], check: [], noopWritten: [], checkCodes: [] });
    }
    await cli(["--help"], ROOT); // warm tsx's transform cache; not counted
    for (let i = 0; i < samples; i++) {
      startup.push(await cli(["--help"], ROOT));
      for (const c of CODEGEN_CASES) {
        const d = dirs.get(c.id);
        const r = raw.get(c.id);
        if (!d || !r || r.error) continue;
        const out = join(d.cwd, "generated");
        rmSync(out, { recursive: true, force: true });
        const args = ["--cwd", d.cwd, "--providers", d.providers, "--out", "generated"];
        const cold = await cli(["generate", ...args], d.cwd);
        if (cold.code !== 0) {
          r.error = `generate exited ${cold.code}: ${(cold.stderr || cold.stdout).trim().split("\n").slice(0, 3).join(" ")}`;
          r.cold.push(cold);
          continue;
        }
        r.cold.push(cold);
        r.output = dirSize(out);
        const noop = await cli(["generate", ...args], d.cwd);
        r.noop.push(noop);
        r.noopWritten.push(parseSummary(noop.stdout + noop.stderr)?.written);
        const check = await cli(["check", ...args], d.cwd);
        r.check.push(check);
        r.checkCodes.push(check.code);
      }
      ctx.log(`  sample ${i + 1}/${samples} done`);
    }

    const su = summarize(startup.map((s) => s.wallMs));
    const med = (runs: ChildRun[]) => summarize(runs.map((x) => x.wallMs));
    const rss = (runs: ChildRun[]) => summarize(runs.map((x) => x.maxRssBytes ?? Number.NaN));
    const rows: string[][] = [];
    const missing: string[] = [];
    for (const c of CODEGEN_CASES) {
      const r = raw.get(c.id);
      if (!r) continue;
      if (r.error) {
        missing.push(`${c.label}: ${r.error}`);
        rows.push([c.label, String(r.events || "—"), String(r.defs || "—"), "—", "—", "—", "—", "—", "—", `not measured: ${r.error}`]);
        continue;
      }
      const written = r.noopWritten.map((w) => (w === undefined ? "?" : String(w)));
      const noopOk = r.noopWritten.every((w) => w === 0);
      rows.push([
        c.label,
        String(r.events),
        String(r.defs),
        r.output ? `${r.output.files} files, ${fmtBytes(r.output.bytes)}` : "—",
        `${fmtMs(med(r.cold).p50)} (${fmtMs(med(r.cold).min)} – ${fmtMs(med(r.cold).max)})`,
        fmtBytes(rss(r.cold).p50),
        `${fmtMs(med(r.noop).p50)}, written ${[...new Set(written)].join("/")} ${noopOk ? "✓" : "✗"}`,
        `${fmtMs(med(r.check).p50)}, exit ${[...new Set(r.checkCodes)].join("/")}`,
        fmtBytes(rss(r.check).p50),
        "",
      ]);
    }
    // Growth: slope of log(time − startup) over log(events), synthetic cases only.
    const pts = CODEGEN_CASES.filter((c) => c.synthetic)
      .map((c) => raw.get(c.id))
      .filter((r): r is CaseRaw => !!r && !r.error && r.cold.length > 0)
      .map((r) => [r.events, med(r.cold).p50 - su.p50] as const);
    const slope = logLogSlope(pts);
    const memPts = CODEGEN_CASES.filter((c) => c.synthetic)
      .map((c) => raw.get(c.id))
      .filter((r): r is CaseRaw => !!r && !r.error && r.cold.length > 0)
      .map((r) => [r.events, rss(r.cold).p50] as const);
    const targets: TargetCheck[] = [
      {
        target: "`generate` time grows no worse than linearly with events (log-log slope of cold time − CLI startup ≤ 1.1, synthetic 50 → 1,000)",
        measured: Number.isFinite(slope) ? `slope ${slope.toFixed(2)}` : pts.length >= 2 ? "not judged: time − startup not positive at every size (noise; use more samples)" : "not measured",
        met: Number.isFinite(slope) ? slope <= 1.1 : undefined,
      },
    ];
    const allNoop = [...raw.values()].filter((r) => !r.error && r.noopWritten.length);
    targets.push({
      target: "`generate` with nothing changed writes 0 files",
      measured: allNoop.length ? allNoop.map((r) => r.noopWritten.join("/")).join(", ") : "not measured",
      met: allNoop.length ? allNoop.every((r) => r.noopWritten.every((w) => w === 0)) : undefined,
    });
    // The generated GitHub types beside the declarations GitHub's own OpenAPI types package ships.
    const builtinDir = dirs.get("builtin");
    const ours = builtinDir ? join(builtinDir.cwd, "generated", "github", "types.ts") : undefined;
    const theirs = join(ROOT, "node_modules/@octokit/openapi-webhooks-types/types.d.ts");
    const sizeRows: string[][] = [];
    if (ours && existsSync(ours)) sizeRows.push(["generated/github/types.ts (ours)", fmtBytes(statSync(ours).size)]);
    if (existsSync(theirs)) sizeRows.push(["@octokit/openapi-webhooks-types types.d.ts", fmtBytes(statSync(theirs).size)]);
    const tables: Table[] = [
      ...(sizeRows.length ? [{ title: "GitHub catalog: generated types beside @octokit/openapi-webhooks-types", columns: ["file", "size"], rows: sizeRows }] : []),
      {
        title: "generate / check",
        columns: ["case", "events", "defs", "output", "generate, cold: median (min – max)", "peak RSS", "generate, nothing changed", "check", "check peak RSS", ""],
        rows,
        notes: [
          `CLI startup alone (\`main.ts --help\`, node + tsx): ${fmtMs(su.p50)} median; included in every figure above.`,
          pts.length >= 2 ? `Growth (synthetic): time − startup ${pts.map(([e, t]) => `${e} ev → ${fmtMs(t)}`).join(", ")}; log-log slope ${slope.toFixed(2)} (1 = linear). Peak RSS log-log slope ${logLogSlope(memPts).toFixed(2)}.` : "Growth: fewer than two synthetic sizes measured.",
        ],
      },
      { title: "Targets", columns: ["target", "measured", "met"], rows: targets.map((t) => [t.target, t.measured, mark(t.met)]) },
    ];
    return {
      method: [
        `Each figure is a fresh \`node --import tsx src/cli/main.ts …\` process (${samples} sample(s) per case, cases interleaved), wall time from spawn to exit, peak RSS from ${hasGnuTime ? "GNU time (`%M`)" : "— (GNU time missing)"}.`,
        "cold = output folder deleted first; nothing changed = `generate` again over its own output (must write 0 files); `check` over the fresh output (must exit 0).",
        "Synthetic providers (test/bench/lib/synthetic.ts): N events over ⌈N/5⌉ resources × 5 actions; each event `$ref`s its resource's def and a shared Actor def, each resource def `$ref`s shared Account/Money/Address/Link/Metadata defs (oneOf, anyOf, enum, const, pattern, nullable types included). Written to a scratch folder under /tmp; the built-in case reads providers/ in place and writes to /tmp.",
      ],
      tables,
      targets,
      missing,
      raw: {
        startup: startup.map(brief),
        cases: Object.fromEntries(
          [...raw].map(([k, r]) => [k, { ...r, cold: r.cold.map(brief), noop: r.noop.map(brief), check: r.check.map(brief) }]),
        ),
      },
    };
  },
};
