import { Command } from "commander";
import { join, relative, resolve } from "node:path";
import { planGeneration } from "../plan.js";
import { type PlanFlags, toPlanOptions, withPlanOptions } from "./shared-options.js";

/** `check`: regenerates in memory; exit 1 naming every missing, changed and orphaned file. */
export function checkCommand(): Command {
  return withPlanOptions(new Command("check"))
    .description("exit 1 when generated files are missing, stale or orphaned (a CI gate)")
    .addHelpText(
      "after",
      `
Examples:
  $ smart-api-integrations check
  $ smart-api-integrations check --out src/generated || echo "run: smart-api-integrations generate"`,
    )
    .action(async (flags: PlanFlags) => {
      const plan = await planGeneration(toPlanOptions(flags));
      const cwd = resolve(flags.cwd);
      const out = relative(cwd, plan.outDir) || ".";
      // Per-route files may live outside the output folder (Next.js app/): show them from cwd.
      const shown = (path: string) => relative(cwd, join(plan.outDir, path)).split("\\").join("/");
      const problems = [
        ...plan.missing.map((p) => `  missing   ${shown(p)}`),
        ...plan.changed.map((p) => `  changed   ${shown(p)}`),
        ...plan.orphaned.map((p) => `  orphaned  ${shown(p)}`),
        ...plan.foreign.map((p) => `  foreign   ${shown(p)} (no @generated header; generate will not overwrite it)`),
      ];
      if (problems.length === 0) {
        console.log(`check: ${plan.files.length} generated file(s) in ${out} are up to date`);
        return;
      }
      console.error(`check: ${problems.length} generated file(s) in ${out} are stale; run \`smart-api-integrations generate\``);
      for (const line of problems) console.error(line);
      process.exitCode = 1;
    });
}
