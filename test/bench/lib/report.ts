/** Renders BENCHMARKS.md from the suites' results. */
import type { MachineInfo } from "./env.js";
import { verdictMark, type SuiteResult, type Table } from "./suite.js";

const esc = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

export function renderTable(t: Table): string {
  const lines = [`#### ${t.title}`, "", `| ${t.columns.map(esc).join(" | ")} |`, `|${t.columns.map(() => "---").join("|")}|`];
  for (const r of t.rows) lines.push(`| ${r.map(esc).join(" | ")} |`);
  if (t.notes?.length) lines.push("", ...t.notes.map((n) => `- ${n}`));
  return lines.join("\n");
}

export interface ReportInput {
  readonly suites: readonly SuiteResult[];
  readonly order: readonly string[];
  readonly packages: Record<string, string>;
  readonly machine: MachineInfo;
  readonly date: string;
  readonly command: string;
}

export function renderMarkdown(input: ReportInput): string {
  const suites = [...input.suites].sort((a, b) => input.order.indexOf(a.id) - input.order.indexOf(b.id));
  const out: string[] = [];
  out.push("# Benchmarks", "");
  out.push("<!-- Written by `npm run bench` (test/bench/run.ts). Do not edit by hand: re-run it. -->", "");
  const anyQuick = suites.some((s) => s.quick);
  if (anyQuick) out.push("> **Smoke run (`--quick`)**: tiny durations and sample counts; the numbers below show that the harness works, not how fast anything is.", "");
  out.push(`- Date: ${input.date}`);
  out.push(`- Command: \`${input.command}\``);
  out.push(`- Machine: ${input.machine.cpuModel} × ${input.machine.cpuCount} (os.cpus()), ${input.machine.totalMemGiB} GiB, ${input.machine.platform} ${input.machine.release} ${input.machine.arch}; load average at start ${input.machine.loadavg.join(" / ")}`);
  out.push(`- Node ${input.machine.node} (V8 ${input.machine.v8})`);
  out.push(`- Raw figures: \`test/bench/results.json\``);
  out.push("- Re-run: `npm run bench` (everything), `npm run bench -- --only pipeline,sizes,http` (the runtime's speed), `npm run bench -- --quick` (a 1–2 minute smoke test of the harness; not a measurement). `--processes N` and `--no-build` are for development.");
  out.push("", "Package versions (from node_modules/*/package.json):", "");
  out.push("| package | version |", "|---|---|");
  for (const [k, v] of Object.entries(input.packages)) out.push(`| ${k} | ${v} |`);
  out.push("");

  const targets = suites.flatMap((s) => s.targets.map((t) => ({ suite: s.title, ...t })));
  if (targets.length) {
    out.push("## Targets", "", "| suite | target | measured | verdict |", "|---|---|---|---|");
    for (const t of targets) out.push(`| ${esc(t.suite)} | ${esc(t.target)} | ${esc(t.measured)} | ${verdictMark(t)} |`);
    out.push("");
  }
  const invalid = suites.filter((s) => s.invalid !== undefined);
  if (invalid.length) {
    out.push("## ⚠ INVALID RESULTS", "", ...invalid.map((s) => `- **${s.title}**: ${s.invalid}`), "");
  }
  const missing = suites.flatMap((s) => s.missing.map((m) => `${s.title}: ${m}`));
  if (missing.length) {
    out.push("## Not measured in this run", "", ...missing.map((m) => `- ${m}`), "");
  }
  for (const s of suites) {
    out.push(`## ${s.title}`, "");
    out.push(`_${s.quick ? "smoke (--quick) " : ""}run ${s.date}, \`${s.command}\`, ${(s.durationMs / 1000).toFixed(1)} s; load average at start ${s.machine.loadavg.join(" / ")}_`, "");
    if (s.invalid !== undefined) out.push(`> **⚠ INVALID**: ${s.invalid}`, "");
    for (const m of s.method) out.push(`- ${m}`);
    out.push("");
    for (const t of s.tables) out.push(renderTable(t), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
