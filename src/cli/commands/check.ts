import { Command } from "commander";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { planGeneration } from "../plan.js";
import { projectPath } from "../project.js";
import { setErrorContext } from "../report-error.js";
import { shortDiff } from "../short-diff.js";
import { err } from "../terminal.js";
import { type PlanFlags, planProjectOf, toPlanOptions, withPlanOptions } from "./shared-options.js";

interface CheckFlags extends PlanFlags {
  readonly diff: boolean;
}

/** `check`: regenerates in memory; exit 1 naming every missing, changed and orphaned file. */
export function checkCommand(): Command {
  return withPlanOptions(new Command("check"))
    .description("exit 1 when generated files are missing, stale or orphaned (a CI gate)")
    .option("--no-diff", "list the files only, without the short diff of each")
    .addHelpText(
      "after",
      `
Examples:
  $ smart-api-integrations check
  $ smart-api-integrations check --out src/generated || echo "run: smart-api-integrations generate"`,
    )
    .action(async (flags: CheckFlags) => {
      const project = await planProjectOf(flags);
      setErrorContext(project.cwd);
      const plan = await planGeneration(toPlanOptions(project));
      const out = projectPath(project, plan.outDir);
      // Per-route files may live outside the output folder (Next.js app/): show them from the project.
      const shown = (path: string) => projectPath(project, join(plan.outDir, path));
      const contents = new Map(plan.files.map((f) => [f.path, f.contents]));
      const current = (path: string) => readFileSync(join(plan.outDir, path), "utf8");
      const indent = (lines: readonly string[]) => lines.map((line) => `      ${colourDiff(line)}`);
      const problems: string[] = [];
      for (const p of plan.missing) {
        problems.push(`  missing   ${shown(p)}`);
        if (flags.diff) problems.push(...indent([`+ ${contents.get(p)!.split("\n").length - 1} line(s) would be written`]));
      }
      for (const p of plan.changed) {
        problems.push(`  changed   ${shown(p)}`);
        if (flags.diff) problems.push(...indent(shortDiff(current(p), contents.get(p)!)));
      }
      for (const p of plan.orphaned) {
        problems.push(`  orphaned  ${shown(p)}`);
        if (flags.diff) problems.push(...indent(["- no longer generated; generate removes it"]));
      }
      for (const p of plan.foreign) problems.push(`  foreign   ${shown(p)} (no @generated header; generate will not overwrite it)`);
      const count = plan.missing.length + plan.changed.length + plan.orphaned.length + plan.foreign.length;
      if (count === 0) {
        console.log(`check: ${plan.files.length} generated file(s) in ${out} are up to date`);
        return;
      }
      console.error(`check: ${count} generated file(s) in ${out} are stale; run \`smart-api-integrations generate\``);
      for (const line of problems) console.error(line);
      process.exitCode = 1;
    });
}

function colourDiff(line: string): string {
  return line.startsWith("+") ? err.green(line) : line.startsWith("-") ? err.red(line) : err.dim(line);
}
