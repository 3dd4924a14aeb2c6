import { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { addHandlerStub, HandlerExistsError } from "../handler-stub.js";
import { generatedIndexSpecifier, handlersFilePath } from "../handlers-file.js";
import { pick } from "../pick.js";
import { loadSpecs, projectPath } from "../project.js";
import { setErrorContext, UsageError } from "../report-error.js";
import { writeAtomically } from "../write-plan.js";
import { type ProjectOptionFlags, projectOf, withProjectOptions } from "./shared-options.js";

interface AddHandlerFlags extends ProjectOptionFlags {
  readonly webhook: string;
  readonly file?: string;
}

/**
 * `add-handler <provider> <event>`: a typed handler stub in the handlers file, added on the
 * syntax tree so the rest of the file keeps its formatting and imports.
 */
export function addHandlerCommand(): Command {
  return withProjectOptions(new Command("add-handler"))
    .description("insert a typed handler stub for one event into your handlers file")
    .argument("<provider>", "provider name, e.g. stripe")
    .argument("<event>", "event name, e.g. invoice.paid (see: list --events)")
    .option("--webhook <name>", "webhook of the provider", "default")
    .option("--file <path>", "handlers file (default: the config's handlersFile, webhook_handlers.ts)")
    .addHelpText("after", "\nExamples:\n  $ smart-api-integrations add-handler stripe invoice.paid\n  $ smart-api-integrations add-handler github issues.opened --file src/webhooks.ts")
    .action(async (provider: string, event: string, flags: AddHandlerFlags) => {
      const project = await projectOf(flags);
      setErrorContext(project.cwd);
      const specs = loadSpecs(project);
      const spec = pick("provider", provider, new Map(specs.map((s) => [s.name, s])), `in ${project.settings.providersDir}/`);
      const webhook = pick("webhook", flags.webhook, new Map(Object.entries(spec.webhooks)), `of ${spec.name}`);
      pick("event", event, new Map(Object.keys(spec.schemas.events).map((e) => [e, e])), `of ${spec.name}`);
      if (webhook.events !== undefined && !webhook.events.includes(event)) {
        throw new UsageError(
          `webhook ${spec.name}.${flags.webhook} does not subscribe to ${JSON.stringify(event)}: a handler for it would never run (and would not compile)`,
          `add it to events: in ${spec.source}, run generate, then add-handler again`,
        );
      }
      const file = handlersFilePath(project, flags.file);
      const shown = projectPath(project, file);
      const before = existsSync(file) ? readFileSync(file, "utf8") : "";
      let after: string;
      try {
        after = addHandlerStub(before, { provider: spec.name, webhook: flags.webhook, event, generatedIndex: generatedIndexSpecifier(project, file) }, file);
      } catch (error) {
        if (error instanceof HandlerExistsError) {
          throw new UsageError(`${shown}:${error.line}:${error.column}: ${error.message}`, "edit that handler; one event has one handler per processor here");
        }
        throw error;
      }
      writeAtomically(file, after);
      console.log(`added the ${event} handler for ${spec.name}${flags.webhook === "default" ? "" : `.${flags.webhook}`} to ${shown}`);
    });
}
