import { Command } from "commander";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { builtinOverride, customProvider, type InitFile } from "../init-files.js";
import { packageRoot } from "../package-root.js";

interface InitFlags {
  readonly cwd: string;
  readonly providers: string;
  readonly force?: boolean;
}

const NAME = /^[a-z][a-z0-9_-]*$/;

/** `init <provider>`: writes providers/<provider>/webhook.yaml to start from. */
export function initCommand(): Command {
  return new Command("init")
    .description("write providers/<provider>/webhook.yaml (built-in: stripe, github, slack; any other name: a custom HMAC provider)")
    .argument("<provider>", "provider name, e.g. stripe")
    .option("--cwd <dir>", "project folder", process.cwd())
    .option("--providers <dir>", "folder of <provider>/webhook.yaml specs", "providers")
    .option("--force", "overwrite existing files")
    .addHelpText(
      "after",
      `
Examples:
  $ smart-api-integrations init stripe     # override file for the built-in Stripe spec
  $ smart-api-integrations init acme       # a custom provider: generic HMAC scheme + example schema`,
    )
    .action((name: string, flags: InitFlags) => {
      if (!NAME.test(name)) throw new Error(`provider name ${JSON.stringify(name)} must match ${NAME.source}`);
      const cwd = resolve(flags.cwd);
      const files = initFiles(name, flags.providers, cwd);
      const existing = files.filter((f) => existsSync(join(cwd, f.path)));
      if (existing.length > 0 && !flags.force) {
        throw new Error(`${existing.map((f) => f.path).join(", ")} already exist(s); use --force to overwrite`);
      }
      for (const file of files) {
        mkdirSync(dirname(join(cwd, file.path)), { recursive: true });
        writeFileSync(join(cwd, file.path), file.contents);
      }
      console.log(`wrote ${files.map((f) => f.path).join(", ")}; next: smart-api-integrations generate`);
    });
}

function initFiles(name: string, providersDir: string, cwd: string): InitFile[] {
  const yamlDir = join(cwd, providersDir, name);
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
