import { Command } from "commander";
import type { ProviderSpec } from "../../manifest/types.js";
import { loadBuiltinSpecs, loadSpecs } from "../project.js";
import { setErrorContext } from "../report-error.js";
import { out } from "../terminal.js";
import { pick } from "../pick.js";
import { schemeSummary, signatureHeaders } from "../signature-summary.js";
import { type ProjectOptionFlags, projectOf, withProjectOptions } from "./shared-options.js";

interface ListFlags extends ProjectOptionFlags {
  readonly events?: boolean;
  readonly builtin?: boolean;
}

/**
 * `list [provider]`: providers (scheme, catalog), their webhooks (path, secret env var and
 * whether it is set — never its value, subscription) and, with --events, the event names.
 * `list --builtin` (or a project without providers): the providers the package ships.
 */
export function listCommand(): Command {
  return withProjectOptions(new Command("list"))
    .description("list providers, their webhooks, secrets (set or not) and (with --events) event names")
    .argument("[provider]", "only this provider")
    .option("--events", "also list every event name of each webhook")
    .option("--builtin", "list the providers the package ships (scheme, headers, events, the provider's timeout and retries)")
    .addHelpText("after", "\nExamples:\n  $ smart-api-integrations list\n  $ smart-api-integrations list --builtin\n  $ smart-api-integrations list github --events | grep issues")
    .action(async (provider: string | undefined, flags: ListFlags) => {
      if (flags.builtin) {
        let builtins = loadBuiltinSpecs();
        if (provider !== undefined) builtins = [pick("built-in provider", provider, new Map(builtins.map((s) => [s.name, s])), "built in")];
        printBuiltins(builtins, flags.events === true);
        return;
      }
      const project = await projectOf(flags);
      setErrorContext(project.cwd);
      let specs = loadSpecs(project);
      if (provider !== undefined) specs = [pick("provider", provider, new Map(specs.map((s) => [s.name, s])), `in ${project.settings.providersDir}/`)];
      if (specs.length === 0) {
        console.log(`no providers in ${project.settings.providersDir}/; add one with: smart-api-integrations init <provider>\n`);
        printBuiltins(loadBuiltinSpecs(), false);
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

/** The built-in providers: one block each, the same facts docs/providers/<name>.md states. */
function printBuiltins(specs: readonly ProviderSpec[], events: boolean): void {
  console.log(`${specs.length} built-in providers (init <name> adds one to your project; docs/providers/<name>.md):`);
  for (const spec of specs) {
    const catalog = Object.keys(spec.schemas.events);
    const headers = signatureHeaders(spec.signature);
    console.log(`${out.bold(spec.name)}  ${schemeSummary(spec.signature)}  ${catalog.length} events`);
    console.log(`  headers: ${headers.length === 0 ? "-" : headers.join(", ")}`);
    const handshake = spec.handshake === undefined ? undefined : typeof spec.handshake === "string" ? spec.handshake : spec.handshake.map((h) => h.kind).join(", ");
    if (handshake !== undefined) console.log(`  handshake: ${handshake}`);
    const d = spec.delivery;
    if (d !== undefined) {
      const r = d.retries;
      const retries = r === undefined ? "" : `; retries: ${[r.attempts === undefined ? undefined : `${r.attempts}`, r.windowHours === undefined ? undefined : `over ${r.windowHours} h`].filter(Boolean).join(" ") || "see schedule"} (${r.schedule})`;
      console.log(`  provider waits ${d.timeoutSeconds} s${retries}`);
    }
    for (const [name, webhook] of Object.entries(spec.webhooks)) {
      console.log(`  ${name}  POST ${webhook.path}  secret: ${webhook.secretEnv ?? "-"}`);
    }
    if (events) for (const event of catalog) console.log(`    ${event}`);
  }
}

/** `STRIPE_WEBHOOK_SECRET (set)` / `(not set)`; the value itself is never read out. */
function secretState(env: string | undefined, verified: boolean): string {
  if (!verified) return "- (signatures not verified)";
  if (env === undefined) return "-";
  const value = process.env[env];
  return value !== undefined && value.trim() !== "" ? `${env} ${out.green("(set)")}` : `${env} ${out.yellow("(not set)")}`;
}
