import { Command } from "commander";
import { relative, resolve } from "node:path";
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
      const out = relative(resolve(flags.cwd), plan.outDir) || ".";
      const problems = [
        ...plan.missing.map((p) => `  missing   ${out}/${p}`),
        ...plan.changed.map((p) => `  changed   ${out}/${p}`),
        ...plan.orphaned.map((p) => `  orphaned  ${out}/${p}`),
        ...plan.foreign.map((p) => `  foreign   ${out}/${p} (no @generated header; generate will not overwrite it)`),
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
