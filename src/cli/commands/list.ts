import { Command } from "commander";
import { loadSpecs } from "../project.js";
import { setErrorContext } from "../report-error.js";
import { out } from "../terminal.js";
import { pick } from "../pick.js";
import { type ProjectOptionFlags, projectOf, withProjectOptions } from "./shared-options.js";

interface ListFlags extends ProjectOptionFlags {
  readonly events?: boolean;
}

/**
 * `list [provider]`: providers (scheme, catalog), their webhooks (path, secret env var and
 * whether it is set — never its value, subscription) and, with --events, the event names.
 */
export function listCommand(): Command {
  return withProjectOptions(new Command("list"))
    .description("list providers, their webhooks, secrets (set or not) and (with --events) event names")
    .argument("[provider]", "only this provider")
    .option("--events", "also list every event name of each webhook")
    .addHelpText("after", "\nExamples:\n  $ smart-api-integrations list\n  $ smart-api-integrations list github --events | grep issues")
    .action(async (provider: string | undefined, flags: ListFlags) => {
      const project = await projectOf(flags);
      setErrorContext(project.cwd);
      let specs = loadSpecs(project);
      if (provider !== undefined) specs = [pick("provider", provider, new Map(specs.map((s) => [s.name, s])), `in ${project.settings.providersDir}/`)];
      if (specs.length === 0) {
        console.log(`no providers in ${project.settings.providersDir}/; run: smart-api-integrations init stripe`);
        return;
      }
      for (const spec of specs) {
        const catalog = Object.keys(spec.schemas.events);
        console.log(`${out.bold(spec.name)}  (${spec.signature.scheme} signatures, ${catalog.length} events, ${spec.source})`);
        for (const [name, webhook] of Object.entries(spec.webhooks)) {
          const events = webhook.events ?? catalog;
          const subscribed = webhook.events === undefined ? `all ${events.length} events` : `${events.length} events`;
          console.log(`  ${name}  POST ${webhook.path}  secret: ${secretState(webhook.secretEnv, webhook.verifySignature && spec.signature.scheme !== "none")}  ${subscribed}`);
          if (flags.events) for (const event of events) console.log(`    ${event}`);
        }
      }
    });
}

/** `STRIPE_WEBHOOK_SECRET (set)` / `(not set)`; the value itself is never read out. */
function secretState(env: string | undefined, verified: boolean): string {
  if (!verified) return "- (signatures not verified)";
  if (env === undefined) return "-";
  const value = process.env[env];
  return value !== undefined && value.trim() !== "" ? `${env} ${out.green("(set)")}` : `${env} ${out.yellow("(not set)")}`;
}
