import { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { CONFIG_NAME } from "../config-file.js";
import { addHandlerStub, HandlerExistsError } from "../handler-stub.js";
import { generatedIndexSpecifier, handlersFilePath } from "../handlers-file.js";
import { configFileText } from "../init-config.js";
import { builtinOverride, customProvider, type InitFile } from "../init-files.js";
import { packageRoot } from "../package-root.js";
import { type Project, projectPath } from "../project.js";
import { UsageError } from "../report-error.js";
import { writeAtomically } from "../write-plan.js";
import { type ProjectOptionFlags, projectOf, withProjectOptions } from "./shared-options.js";

const NAME = /^[a-z][a-z0-9_-]*$/;

/** The first event a new handlers file handles, per built-in provider (else the catalog's first). */
const STARTER_EVENT: Readonly<Record<string, string>> = { stripe: "payment_intent.succeeded", github: "issues.opened", slack: "app_mention" };

/**
 * `init [provider]`: the config file, and for a provider its commented webhook.yaml and a typed
 * handler in the handlers file. Never overwrites: existing files are kept (the handlers file
 * gets the new provider's handler added, as `add-handler` would).
 */
export function initCommand(): Command {
  return withProjectOptions(new Command("init"))
    .description("start a project: smart-api-integrations.config.ts, providers/<provider>/webhook.yaml and a typed handlers file")
    .argument("[provider]", "built in: stripe, github, slack; any other name: a custom HMAC provider")
    .addHelpText(
      "after",
      `
Examples:
  $ smart-api-integrations init stripe     # config + override file for the built-in Stripe spec + handlers
  $ smart-api-integrations init acme       # a custom provider: generic HMAC scheme + example schema
  $ smart-api-integrations init            # only the config file`,
    )
    .action(async (name: string | undefined, flags: ProjectOptionFlags) => {
      if (name !== undefined && !NAME.test(name)) throw new UsageError(`provider name ${JSON.stringify(name)} must match ${NAME.source}`, "use lower-case letters, digits, - and _, starting with a letter");
      const project = await projectOf(flags);
      const written: string[] = [];
      const kept: string[] = [];
      const write = (file: InitFile) => {
        const target = join(project.cwd, file.path);
        if (existsSync(target)) return void kept.push(file.path);
        writeAtomically(target, file.contents);
        written.push(file.path);
      };
      if (project.configFile === undefined) write({ path: `${CONFIG_NAME}.ts`, contents: configFileText(project.settings) });
      else kept.push(projectPath(project, project.configFile));

      if (name !== undefined) {
        const specFiles = initFiles(name, project);
        const existing = specFiles.filter((f) => existsSync(join(project.cwd, f.path)));
        if (existing.length > 0) {
          throw new UsageError(`${existing.map((f) => f.path).join(", ")} already exist(s); init never overwrites`, `edit it, or delete it to start over`);
        }
        for (const file of specFiles) write(file);
        const handlers = addStarterHandler(project, name);
        if (handlers !== undefined) written.push(handlers);
      }
      const next = name === undefined ? "smart-api-integrations init <provider>" : "smart-api-integrations generate";
      const keptNote = kept.length === 0 ? "" : `; kept ${kept.join(", ")}`;
      console.log(`wrote ${written.length === 0 ? "nothing" : written.join(", ")}${keptNote}; next: ${next}`);
    });
}

/** Adds a handler for the provider's starter event to the handlers file (creating it); its path, or undefined when one was there. */
function addStarterHandler(project: Project, provider: string): string | undefined {
  const file = handlersFilePath(project);
  const before = existsSync(file) ? readFileSync(file, "utf8") : "";
  const event = STARTER_EVENT[provider] ?? "example.created";
  try {
    writeAtomically(file, addHandlerStub(before, { provider, webhook: "default", event, generatedIndex: generatedIndexSpecifier(project, file) }, file));
  } catch (error) {
    if (error instanceof HandlerExistsError) return undefined;
    throw error;
  }
  return projectPath(project, file) + (before === "" ? "" : ` (added ${provider} ${event})`);
}

function initFiles(name: string, project: Project): InitFile[] {
  const providersDir = project.settings.providersDir;
  const yamlDir = join(project.cwd, providersDir, name);
  const schemaRef = posix(relative(yamlDir, join(packageRoot, "schemas", "webhook.schema.json")));
  const builtin = join(packageRoot, "providers", name, "webhook.yaml");
  if (existsSync(builtin)) {
    return [builtinOverride({ name, providersDir, builtinYaml: readFileSync(builtin, "utf8"), schemaRef })];
  }
  return customProvider({
    name,
    providersDir,
    schemaRef,
    yamlTemplate: readFileSync(join(packageRoot, "templates", "init", "custom-webhook.yaml"), "utf8"),
    exampleSchema: readFileSync(join(packageRoot, "templates", "init", "example.created.json"), "utf8"),
  });
}

function posix(path: string): string {
  return path.split(sep).join("/");
}
