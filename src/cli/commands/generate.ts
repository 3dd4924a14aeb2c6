import { Command } from "commander";
import { join, relative, resolve, sep } from "node:path";
import { planGeneration, type GenerationPlan } from "../plan.js";
import { progress } from "../progress.js";
import { type Project, projectPath } from "../project.js";
import { reportError, setErrorContext } from "../report-error.js";
import { type Logger, logger, out } from "../terminal.js";
import { watchPaths } from "../watch.js";
import { writePlan } from "../write-plan.js";
import { type PlanFlags, planProjectOf, toPlanOptions, withPlanOptions } from "./shared-options.js";

interface GenerateFlags extends PlanFlags {
  readonly watch?: boolean;
  readonly dryRun?: boolean;
  readonly silent?: boolean;
  readonly verbose?: boolean;
}

/** `generate`: writes generated/ from providers/ (only files whose bytes changed). */
export function generateCommand(): Command {
  return withPlanOptions(new Command("generate"))
    .description("generate typed webhook code from providers/<name>/webhook.yaml")
    .option("-w, --watch", "regenerate whenever a webhook.yaml, schema, template or the config changes")
    .option("--dry-run", "print what would be written, changed and removed; write nothing")
    .option("-s, --silent", "print errors only")
    .option("--verbose", "also print the config used and every file written or removed")
    .addHelpText(
      "after",
      `
Examples:
  $ smart-api-integrations generate
  $ smart-api-integrations generate --watch
  $ smart-api-integrations generate --dry-run --verbose
  $ smart-api-integrations generate --providers config/providers --out src/generated
  $ smart-api-integrations generate --frameworks next-app --next-app-dir src/app --import-extension none`,
    )
    .action(async (flags: GenerateFlags) => {
      const log = logger(flags);
      if (!flags.watch) {
        await runOnce(flags, log);
        return;
      }
      await watchAndGenerate(flags, log);
    });
}

/** One generation; returns the project it ran for (the watcher needs its folders). */
async function runOnce(flags: GenerateFlags, log: Logger): Promise<{ project: Project; plan: GenerationPlan }> {
  const started = performance.now();
  const project = await planProjectOf(flags);
  setErrorContext(project.cwd);
  log.detail(`project ${project.cwd}; settings from ${project.configFile === undefined ? "defaults" : projectPath(project, project.configFile)}`);
  const bar = progress(log.verbosity !== "silent");
  let plan: GenerationPlan;
  try {
    plan = await planGeneration({ ...toPlanOptions(project), onProgress: (phase, done, total) => bar.phase(phase, done, total) });
  } finally {
    bar.done();
  }
  const shown = (path: string) => projectPath(project, join(plan.outDir, path));
  const outName = projectPath(project, plan.outDir);
  const ms = Math.round(performance.now() - started);
  const providers = `${plan.providers.length} provider(s) [${plan.providers.join(", ")}] with routes for [${plan.frameworks.join(", ")}]`;
  if (flags.dryRun) {
    if (plan.foreign.length > 0) log.warn(`would refuse: ${plan.foreign.map(shown).join(", ")} lack the @generated header`);
    for (const path of plan.missing) log.info(`  ${out.green("write")}    ${shown(path)}`);
    for (const path of plan.changed) log.info(`  ${out.yellow("update")}   ${shown(path)}`);
    for (const path of plan.orphaned) log.info(`  ${out.red("remove")}   ${shown(path)}`);
    log.info(
      `dry run: ${providers} into ${outName}: ${plan.missing.length + plan.changed.length} would be written, ` +
        `${plan.unchanged.length} unchanged, ${plan.orphaned.length} would be removed (${ms} ms); nothing written`,
    );
    return { project, plan };
  }
  const summary = writePlan(plan);
  if (log.verbosity === "verbose") {
    for (const path of [...plan.missing, ...plan.changed]) log.detail(`  wrote    ${shown(path)}`);
    for (const path of plan.orphaned) log.detail(`  removed  ${shown(path)}`);
  }
  log.info(
    `generated ${providers} into ${outName}: ` +
      `${summary.written} written, ${summary.unchanged} unchanged, ${summary.deleted} removed in ${ms} ms`,
  );
  return { project, plan };
}

/**
 * Generates, then again after every change to a spec, schema, template or the config, until
 * SIGINT/SIGTERM. A failing run is reported and the watch goes on: the next save may fix it.
 */
async function watchAndGenerate(flags: GenerateFlags, log: Logger): Promise<void> {
  let last: { project: Project; plan: GenerationPlan } | undefined;
  let watchedCwd = resolve(flags.cwd ?? process.cwd());
  const attempt = async (): Promise<void> => {
    try {
      last = await runOnce(flags, log);
      watchedCwd = last.project.cwd;
    } catch (error) {
      process.exitCode = undefined;
      reportError(error);
    }
  };
  await attempt();
  const watching = watchPaths({
    paths: () => watchedPathsOf(last?.project, last?.plan, watchedCwd, flags),
    ignore: (path) => last !== undefined && resolve(path).startsWith(`${last.plan.outDir}/`),
    onChange: async (changed) => {
      const shown = changed.map((path) => relative(watchedCwd, path).split(sep).join("/") || ".");
      log.info(out.dim(`change: ${shown.join(", ")}`));
      await attempt();
    },
  });
  log.info(out.dim("watching for changes (Ctrl-C to stop)"));
  await new Promise<void>((done) => {
    const stop = () => {
      watching.close();
      done();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.exitCode = 0;
}

/** Every input of a generation: specs, the schema folders they name, templates, the config. */
function watchedPathsOf(project: Project | undefined, plan: GenerationPlan | undefined, cwd: string, flags: PlanFlags): string[] {
  const base = project?.cwd ?? cwd;
  const paths = [resolve(base, project?.settings.providersDir ?? flags.providers ?? "providers"), join(base, "package.json")];
  if (project?.configFile !== undefined) paths.push(project.configFile);
  if (project?.settings.templatesDir !== undefined) paths.push(resolve(base, project.settings.templatesDir));
  if (project !== undefined) paths.push(resolve(base, project.settings.schemasDir));
  for (const dir of plan?.schemaDirs ?? []) paths.push(resolve(base, dir));
  return paths;
}
