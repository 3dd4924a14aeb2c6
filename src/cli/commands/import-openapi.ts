import { Command } from "commander";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { defaultEventName, importOpenApi, type Json, OpenApiImportError, operationIdEventName } from "../../openapi/index.js";
import { customProvider } from "../init-files.js";
import { packageRoot } from "../package-root.js";
import { syncSchemaFolder } from "../schema-folder.js";
import { type ProjectOptionFlags, projectOf, withProjectOptions } from "./shared-options.js";

interface ImportFlags extends ProjectOptionFlags {
  readonly provider: string;
  readonly out?: string;
  readonly eventName: string;
  readonly check?: boolean;
}

const NAME = /^[a-z][a-z0-9_-]*$/;

/**
 * `import-openapi <file> --provider NAME`: an OpenAPI 3.1 document's webhooks → schemas/<NAME>/
 * (docs/import-openapi.md), plus a providers/<NAME>/webhook.yaml skeleton when there is none.
 * The transformation is src/openapi/ (pure); this command reads, writes and reports.
 */
export function importOpenApiCommand(): Command {
  return withProjectOptions(new Command("import-openapi"))
    .description("write schemas/<provider>/{events,defs} from the webhooks of an OpenAPI 3.1 document (JSON or YAML)")
    .argument("<file>", "the OpenAPI 3.1 document")
    .requiredOption("--provider <name>", "provider name, e.g. acme")
    .option("--out <dir>", "schema folder to write (default: <schemasDir>/<provider>, schemasDir from the config, else schemas)")
    .option("--event-name <rule>", "event names from the webhook key (key) or the operationId (operationId)", "key")
    .option("--check", "write nothing; exit 1 when the schema folder differs from the document")
    .addHelpText(
      "after",
      `
Examples:
  $ smart-api-integrations import-openapi openapi.yaml --provider acme
  $ smart-api-integrations import-openapi openapi.json --provider acme --out schemas/acme --check`,
    )
    .action(async (file: string, flags: ImportFlags) => {
      if (!NAME.test(flags.provider)) throw new Error(`provider name ${JSON.stringify(flags.provider)} must match ${NAME.source}`);
      if (flags.eventName !== "key" && flags.eventName !== "operationId") throw new Error(`--event-name must be key or operationId, not ${JSON.stringify(flags.eventName)}`);
      const project = await projectOf(flags);
      const cwd = project.cwd;
      const outRel = flags.out ?? `${project.settings.schemasDir}/${flags.provider}`;
      const outDir = resolve(cwd, outRel);
      const document = readDocument(resolve(cwd, file));

      let result;
      try {
        result = importOpenApi(document, { eventName: flags.eventName === "key" ? defaultEventName : operationIdEventName });
      } catch (error) {
        if (!(error instanceof OpenApiImportError)) throw error;
        for (const issue of error.issues) console.error(`${file}#${issue.pointer}: ${issue.message}`);
        console.error(`import-openapi: ${error.issues.length} problem(s); nothing written`);
        process.exitCode = 1;
        return;
      }
      const summary = `${result.events.length} event(s), ${result.defs.length} def(s) of which ${result.hoisted.length} hoisted shape(s)`;
      const changes = syncSchemaFolder(outDir, result.files, flags.check === true);
      const out = posix(relative(cwd, outDir)) || ".";
      if (flags.check) {
        if (changes.length === 0) {
          console.log(`import-openapi: ${out} is up to date (${summary})`);
          return;
        }
        console.error(`import-openapi: ${changes.length} file(s) in ${out} are stale; run without --check`);
        for (const c of changes) console.error(`  ${c.kind.padEnd(8)}  ${out}/${c.path}`);
        process.exitCode = 1;
        return;
      }
      const written = changes.filter((c) => c.kind !== "deleted").length;
      const skeleton = writeSkeleton(cwd, project.settings.providersDir, flags.provider, outDir, result.events[0] ?? "example.created");
      console.log(
        `import-openapi: ${summary} into ${out}: ${written} written, ${result.files.size - written} unchanged, ${changes.length - written} deleted` +
          (skeleton === undefined ? "" : `; wrote ${skeleton}`),
      );
    });
}

/** JSON, or YAML when the text does not parse as JSON (YAML 1.2 is a superset, but JSON errors are clearer). */
function readDocument(path: string): Json {
  const text = readFileSync(path, "utf8");
  if (/\.json$/i.test(path)) return JSON.parse(text) as Json;
  return parseYaml(text) as Json;
}

/**
 * providers/<name>/webhook.yaml from the same template as `init` (a custom HMAC provider), its
 * `schemas:` pointing at the imported folder — only when the file is absent: it is the user's.
 */
function writeSkeleton(cwd: string, providersDir: string, name: string, outDir: string, firstEvent: string): string | undefined {
  const yamlDir = join(cwd, providersDir, name);
  const target = join(yamlDir, "webhook.yaml");
  if (existsSync(target)) return undefined;
  const [yamlFile] = customProvider({
    name,
    providersDir,
    schemaRef: posix(relative(yamlDir, join(packageRoot, "schemas", "webhook.schema.json"))),
    yamlTemplate: readFileSync(join(packageRoot, "templates", "init", "custom-webhook.yaml"), "utf8"),
    exampleSchema: "",
  });
  const schemas = posix(relative(yamlDir, outDir)) || ".";
  const line = /^(\s*schemas: )(\S+)( *)(?=#|$)/m;
  if (!line.test(yamlFile!.contents)) throw new Error("the webhook.yaml template has no schemas: line to point at the imported folder");
  // Keep the comment column where the new path fits; the events example names a real event.
  const yaml = yamlFile!.contents
    .replace(line, (_, lead: string, path: string, pad: string) => `${lead}${schemas.padEnd(path.length + pad.length - 1)} `)
    .replace("[example.created]", `[${firstEvent}]`);
  mkdirSync(yamlDir, { recursive: true });
  writeFileSync(target, yaml);
  return posix(relative(cwd, target));
}

function posix(path: string): string {
  return path.split(sep).join("/");
}
