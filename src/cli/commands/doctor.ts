import { Command } from "commander";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SpecErrors, suggest } from "../../manifest/index.js";
import type { ProviderSpec } from "../../manifest/types.js";
import { handlerSourceFiles } from "../find-sources.js";
import { parseSource, scanHandlers } from "../handlers-source.js";
import { planGeneration } from "../plan.js";
import { loadSpecs, type Project, projectPath } from "../project.js";
import { setErrorContext } from "../report-error.js";
import { err, out } from "../terminal.js";
import { type PlanFlags, planProjectOf, toPlanOptions, withPlanOptions } from "./shared-options.js";

/** One finding: where, what, and how to fix it. Errors fail the command; warnings do not (unless --strict). */
export interface Finding {
  readonly level: "error" | "warning";
  readonly where: string;
  readonly message: string;
  readonly fix: string;
}

interface DoctorFlags extends PlanFlags {
  readonly strict?: boolean;
}

/**
 * `doctor`: what would make webhooks silently not work — handlers that can never fire, unset
 * secrets, paths that collide, generated files that are stale. Exit 1 on any error.
 */
export function doctorCommand(): Command {
  return withPlanOptions(new Command("doctor"))
    .description("find handlers that never fire, unset secrets, colliding paths and stale generated files")
    .option("--strict", "exit 1 on warnings too (e.g. an unset secret env var)")
    .addHelpText("after", "\nExit codes: 0 no errors; 1 errors found (or warnings, with --strict).\n\nExamples:\n  $ smart-api-integrations doctor\n  $ smart-api-integrations doctor --strict   # in a deploy step, where secrets must be set")
    .action(async (flags: DoctorFlags) => {
      const project = await planProjectOf(flags);
      setErrorContext(project.cwd);
      const findings: Finding[] = [];
      let specs: ProviderSpec[] = [];
      try {
        specs = loadSpecs(project);
      } catch (error) {
        if (!(error instanceof SpecErrors)) throw error;
        // Colliding paths and every other spec error: reported as findings, the rest still runs.
        for (const e of error.errors) findings.push({ level: "error", where: e.message.split(": ")[0]!, message: e.message.slice(e.message.indexOf(": ") + 2), fix: "edit the webhook.yaml at that position" });
      }
      findings.push(...handlerFindings(project, specs), ...secretFindings(specs), ...caseCollisions(specs));
      if (specs.length > 0) findings.push(...(await staleFindings(project)));

      const errors = findings.filter((f) => f.level === "error").length;
      const warnings = findings.length - errors;
      for (const f of findings) {
        const label = f.level === "error" ? err.red("error") : err.yellow("warning");
        console.error(`${f.where}: ${label}: ${f.message}\n  ${err.dim("fix:")} ${f.fix}`);
      }
      if (findings.length === 0) {
        console.log(out.green(`doctor: ${specs.length} provider(s) checked, no problems found`));
        return;
      }
      console.error(`doctor: ${errors} error(s), ${warnings} warning(s)`);
      process.exitCode = errors > 0 || (flags.strict && warnings > 0) ? 1 : 0;
    });
}

/** `on("…")` registrations for an unknown provider/webhook/event, or one the webhook does not subscribe to. */
export function handlerFindings(project: Project, specs: readonly ProviderSpec[]): Finding[] {
  const findings: Finding[] = [];
  const byName = new Map(specs.map((s) => [s.name, s]));
  const exclude = [join(project.cwd, project.settings.outDir)];
  for (const file of handlerSourceFiles(project.cwd, exclude)) {
    const shown = projectPath(project, file);
    const scan = scanHandlers(parseSource(readFileSync(file, "utf8"), file));
    for (const h of scan.handlers) {
      const where = `${shown}:${h.line}:${h.column}`;
      const spec = byName.get(h.provider);
      if (spec === undefined) {
        findings.push({ level: "error", where, message: `handler for provider ${JSON.stringify(h.provider)}, which is not in ${project.settings.providersDir}/: it never fires`, fix: `run: smart-api-integrations init ${h.provider}` });
        continue;
      }
      const webhook = spec.webhooks[h.webhook];
      if (webhook === undefined) {
        findings.push({ level: "error", where, message: `handler for webhook ${spec.name}.${h.webhook}, which ${spec.source} does not declare: it never fires`, fix: `add webhooks.${h.webhook} to ${spec.source}, or use one of: ${Object.keys(spec.webhooks).join(", ")}` });
        continue;
      }
      if (spec.schemas.events[h.event] === undefined) {
        const hint = suggest(h.event, Object.keys(spec.schemas.events));
        findings.push({ level: "error", where, message: `${JSON.stringify(h.event)} is not a ${spec.name} event: this handler never fires`, fix: hint === undefined ? `see: smart-api-integrations list ${spec.name} --events` : `did you mean "${hint}"?` });
        continue;
      }
      if (webhook.events !== undefined && !webhook.events.includes(h.event)) {
        findings.push({
          level: "error",
          where,
          message: `${JSON.stringify(h.event)} is outside the events: list of ${spec.name}.${h.webhook}: deliveries of it are answered 200 ignored, so this handler never fires`,
          fix: `add ${h.event} to webhooks.${h.webhook}.events in ${spec.source} and run generate, or remove the handler`,
        });
      }
    }
  }
  return findings;
}

/** Secret env vars that are not set in this environment (the value is never read out). */
function secretFindings(specs: readonly ProviderSpec[]): Finding[] {
  const findings: Finding[] = [];
  for (const spec of specs) {
    for (const [name, webhook] of Object.entries(spec.webhooks)) {
      if (!webhook.verifySignature || spec.signature.scheme === "none" || webhook.secretEnv === undefined) continue;
      const value = process.env[webhook.secretEnv];
      if (value !== undefined && value.split(",").some((s) => s.trim() !== "")) continue;
      findings.push({
        level: "warning",
        where: spec.source,
        message: `${webhook.secretEnv} is not set: ${spec.name}.${name} answers every delivery 500 until it is`,
        fix: `export ${webhook.secretEnv}=… (the signing secret from ${spec.name}'s dashboard)`,
      });
    }
  }
  return findings;
}

/**
 * Paths that differ only in case: the loader already refuses identical ones, but Express (by
 * default) and many proxies match case-insensitively, so these still collide there.
 */
function caseCollisions(specs: readonly ProviderSpec[]): Finding[] {
  const seen = new Map<string, string>();
  const findings: Finding[] = [];
  for (const spec of specs) {
    for (const [name, webhook] of Object.entries(spec.webhooks)) {
      const key = webhook.path.toLowerCase().replace(/\/+$/, "");
      const prior = seen.get(key);
      if (prior !== undefined) {
        findings.push({ level: "error", where: spec.source, message: `path ${webhook.path} of ${spec.name}.${name} collides with ${prior} when matched case-insensitively (Express's default)`, fix: "give one of them a distinct path" });
      } else {
        seen.set(key, `${spec.name}.${name} (${webhook.path})`);
      }
    }
  }
  return findings;
}

/** Generated files that `generate` would write or remove. */
async function staleFindings(project: Project): Promise<Finding[]> {
  const plan = await planGeneration(toPlanOptions(project));
  const stale = [...plan.missing, ...plan.changed, ...plan.orphaned];
  if (stale.length === 0) return [];
  const shown = stale.slice(0, 5).map((p) => projectPath(project, join(plan.outDir, p)));
  return [
    {
      level: "error",
      where: projectPath(project, plan.outDir),
      message: `${stale.length} generated file(s) are missing or stale: ${shown.join(", ")}${stale.length > 5 ? ", …" : ""}`,
      fix: "run: smart-api-integrations generate (check shows each difference)",
    },
  ];
}
