/**
 * Flags more than one command takes, declared once. Each flag overrides the config file's
 * setting of the same name (docs/config.md); defaults live in the project loader, not here, so
 * that an absent flag never hides the config file's value.
 */
import { type Command, Option } from "commander";
import type { ImportExtension } from "../../config/types.js";
import { FRAMEWORKS } from "../frameworks.js";
import type { PlanOptions } from "../plan.js";
import { loadProject, type Project, type ProjectFlags, type SettingOverrides } from "../project.js";

/** `--cwd`, `--config`, `--providers`, `--include`: how every spec-reading command finds its project. */
export interface ProjectOptionFlags extends ProjectFlags {
  readonly providers?: string;
  readonly include?: string;
}

/** Raw option values commander hands to generate/check. */
export interface PlanFlags extends ProjectOptionFlags {
  readonly out?: string;
  readonly templates?: string;
  readonly frameworks?: string;
  readonly nextAppDir?: string;
  readonly nextPagesDir?: string;
  readonly prettier?: boolean;
  readonly importExtension?: ImportExtension;
}

/** Adds `--cwd`, `--config` and `--providers`. */
export function withProjectOptions(command: Command): Command {
  return command
    .option("--cwd <dir>", "project folder; other paths are relative to it (default: the config file's folder, else .)")
    .option("--config <file>", "config file (default: the nearest smart-api-integrations.config.* walking up)")
    .option("--providers <dir>", "folder of <provider>/webhook.yaml specs (default: providers)")
    .option("--include <list>", "comma-separated provider folders to read (default: every one)");
}

/** Adds the flags that `generate` and `check` share (they must see the same inputs). */
export function withPlanOptions(command: Command): Command {
  return withProjectOptions(command)
    .option("--out <dir>", "output folder for generated files (default: generated)")
    .option(
      "--frameworks <list>",
      `comma-separated route files to write: ${FRAMEWORKS.map((f) => f.name).join(", ")} (default: those in package.json, else express)`,
    )
    .option("--next-app-dir <dir>", "Next.js App Router folder for next-app route files (default: app, or src/app)")
    .option("--next-pages-dir <dir>", "Next.js Pages Router folder for next-pages files, written to its api/ (default: pages, or src/pages)")
    .option("--templates <dir>", "folder of your own <framework>.ts.tpl / <framework>.route.ts.tpl templates")
    .addOption(new Option("--import-extension <ext>", "relative imports in generated files end in (default: .js)").choices([".js", ".ts", "none"]))
    .option("--prettier", "format output with your prettier config")
    .option("--no-prettier", "do not format, even when the config file says so");
}

/** The project of a command that takes {@link withProjectOptions}. */
export function projectOf(flags: ProjectOptionFlags): Promise<Project> {
  return loadProject(flags, { providersDir: flags.providers, include: flags.include === undefined ? undefined : splitList(flags.include).sort() });
}

/** The project of `generate`/`check`, with every plan flag applied over the config. */
export function planProjectOf(flags: PlanFlags): Promise<Project> {
  const overrides: SettingOverrides = {
    providersDir: flags.providers,
    include: flags.include === undefined ? undefined : splitList(flags.include).sort(),
    outDir: flags.out,
    templatesDir: flags.templates,
    frameworks: flags.frameworks === undefined ? undefined : splitList(flags.frameworks),
    nextAppDir: flags.nextAppDir,
    nextPagesDir: flags.nextPagesDir,
    prettier: flags.prettier,
    importExtension: flags.importExtension,
  };
  return loadProject(flags, overrides);
}

/** Maps a project's settings to {@link PlanOptions}. */
export function toPlanOptions(project: Project): PlanOptions {
  const s = project.settings;
  return {
    cwd: project.cwd,
    providersDir: s.providersDir,
    ...(s.include === undefined ? {} : { include: s.include }),
    outDir: s.outDir,
    importExtension: s.importExtension,
    ...(s.templatesDir === undefined ? {} : { templatesDir: s.templatesDir }),
    ...(s.frameworks === undefined ? {} : { frameworks: s.frameworks }),
    ...(s.nextAppDir === undefined ? {} : { nextAppDir: s.nextAppDir }),
    ...(s.nextPagesDir === undefined ? {} : { nextPagesDir: s.nextPagesDir }),
    ...(s.prettier ? { prettier: true } : {}),
  };
}

function splitList(value: string): string[] {
  return [...new Set(value.split(",").map((item) => item.trim()).filter((item) => item !== ""))];
}
