import type { Command } from "commander";
import type { PlanOptions } from "../plan.js";

/** Raw option values commander hands to generate/check. */
export interface PlanFlags {
  readonly cwd: string;
  readonly providers: string;
  readonly out: string;
  readonly templates?: string;
  readonly prettier?: boolean;
}

/** Adds the flags that `generate` and `check` share (they must see the same inputs). */
export function withPlanOptions(command: Command): Command {
  return command
    .option("--cwd <dir>", "project folder; other paths are relative to it", process.cwd())
    .option("--providers <dir>", "folder of <provider>/webhook.yaml specs", "providers")
    .option("--out <dir>", "output folder for generated files", "generated")
    .option("--templates <dir>", "folder of <framework>.ts.tpl route templates (default: built-in)")
    .option("--prettier", "format output with your prettier config");
}

/** Maps flags to {@link PlanOptions}. */
export function toPlanOptions(flags: PlanFlags): PlanOptions {
  return {
    cwd: flags.cwd,
    providersDir: flags.providers,
    outDir: flags.out,
    ...(flags.templates === undefined ? {} : { templatesDir: flags.templates }),
    ...(flags.prettier ? { prettier: true } : {}),
  };
}
