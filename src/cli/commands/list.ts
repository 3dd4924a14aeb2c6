import { Command } from "commander";
import { join, relative, resolve, sep } from "node:path";
import { loadProviderSpecs } from "../../manifest/index.js";
import { fsSpecSource } from "../fs-source.js";
import { packageRoot } from "../package-root.js";

interface ListFlags {
  readonly cwd: string;
  readonly providers: string;
  readonly events?: boolean;
}

/** `list`: the providers, webhooks (path, secret env, subscription) and, with --events, event names. */
export function listCommand(): Command {
  return new Command("list")
    .description("list providers, their webhooks and (with --events) their event names")
    .option("--cwd <dir>", "project folder", process.cwd())
    .option("--providers <dir>", "folder of <provider>/webhook.yaml specs", "providers")
    .option("--events", "also list every event name of each webhook")
    .addHelpText("after", "\nExamples:\n  $ smart-api-integrations list\n  $ smart-api-integrations list --events | grep issues")
    .action((flags: ListFlags) => {
      const cwd = resolve(flags.cwd);
      const builtinDir = relative(cwd, join(packageRoot, "providers")).split(sep).join("/");
      const specs = loadProviderSpecs({ source: fsSpecSource(cwd), providersDir: flags.providers, builtinDir });
      for (const spec of specs) {
        const catalog = Object.keys(spec.schemas.events);
        console.log(`${spec.name}  (${spec.signature.scheme} signatures, ${catalog.length} events, ${spec.source})`);
        for (const [name, webhook] of Object.entries(spec.webhooks)) {
          const events = webhook.events ?? catalog;
          const subscribed = webhook.events === undefined ? `all ${events.length} events` : `${events.length} events`;
          console.log(`  ${name}  POST ${webhook.path}  secret: ${webhook.secretEnv ?? "-"}  ${subscribed}`);
          if (flags.events) for (const event of events) console.log(`    ${event}`);
        }
      }
    });
}
