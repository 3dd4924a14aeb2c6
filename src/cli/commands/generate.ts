import { Command } from "commander";
import { relative, resolve } from "node:path";
import { planGeneration } from "../plan.js";
import { writePlan } from "../write-plan.js";
import { type PlanFlags, toPlanOptions, withPlanOptions } from "./shared-options.js";

/** `generate`: writes generated/ from providers/ (only files whose bytes changed). */
export function generateCommand(): Command {
  return withPlanOptions(new Command("generate"))
    .description("generate typed webhook code from providers/<name>/webhook.yaml")
    .addHelpText(
      "after",
      `
Examples:
  $ smart-api-integrations generate
  $ smart-api-integrations generate --providers config/providers --out src/generated
  $ smart-api-integrations generate --cwd apps/api --prettier
  $ smart-api-integrations generate --frameworks fastify,fetch
  $ smart-api-integrations generate --frameworks next-app --next-app-dir src/app`,
    )
    .action(async (flags: PlanFlags) => {
      const plan = await planGeneration(toPlanOptions(flags));
      const summary = writePlan(plan);
      const out = relative(resolve(flags.cwd), plan.outDir) || ".";
      console.log(
        `generated ${plan.providers.length} provider(s) [${plan.providers.join(", ")}] with routes for ` +
          `[${plan.frameworks.join(", ")}] into ${out}: ` +
          `${summary.written} written, ${summary.unchanged} unchanged, ${summary.deleted} deleted`,
      );
    });
}
