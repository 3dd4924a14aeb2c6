import type { Command } from "commander";
import { FRAMEWORKS } from "../frameworks.js";
import type { PlanOptions } from "../plan.js";

/** Raw option values commander hands to generate/check. */
export interface PlanFlags {
  readonly cwd: string;
  readonly providers: string;
  readonly out: string;
  readonly templates?: string;
  readonly frameworks?: string;
  readonly nextAppDir?: string;
  readonly nextPagesDir?: string;
  readonly prettier?: boolean;
}

/** Adds the flags that `generate` and `check` share (they must see the same inputs). */
export function withPlanOptions(command: Command): Command {
  return command
    .option("--cwd <dir>", "project folder; other paths are relative to it", process.cwd())
    .option("--providers <dir>", "folder of <provider>/webhook.yaml specs", "providers")
    .option("--out <dir>", "output folder for generated files", "generated")
    .option(
      "--frameworks <list>",
      `comma-separated route files to write: ${FRAMEWORKS.map((f) => f.name).join(", ")} (default: those in package.json, else express)`,
    )
    .option("--next-app-dir <dir>", "Next.js App Router folder for next-app route files (default: app, or src/app)")
    .option("--next-pages-dir <dir>", "Next.js Pages Router folder for next-pages files, written to its api/ (default: pages, or src/pages)")
    .option("--templates <dir>", "folder of your own <framework>.ts.tpl / <framework>.route.ts.tpl templates")
    .option("--prettier", "format output with your prettier config");
}

/** Maps flags to {@link PlanOptions}. */
export function toPlanOptions(flags: PlanFlags): PlanOptions {
  return {
    cwd: flags.cwd,
    providersDir: flags.providers,
    outDir: flags.out,
    ...(flags.templates === undefined ? {} : { templatesDir: flags.templates }),
    ...(flags.frameworks === undefined ? {} : { frameworks: splitList(flags.frameworks) }),
    ...(flags.nextAppDir === undefined ? {} : { nextAppDir: flags.nextAppDir }),
    ...(flags.nextPagesDir === undefined ? {} : { nextPagesDir: flags.nextPagesDir }),
    ...(flags.prettier ? { prettier: true } : {}),
  };
}

function splitList(value: string): string[] {
  return [...new Set(value.split(",").map((item) => item.trim()).filter((item) => item !== ""))];
}
