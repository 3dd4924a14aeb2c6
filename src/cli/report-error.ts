import { CodegenError } from "../codegen/index.js";
import { ConfigError } from "../config/validate.js";
import { SpecErrors } from "../manifest/index.js";
import { locatePointers } from "./json-position.js";
import { err } from "./terminal.js";
import { ForeignFileError } from "./write-plan.js";

/** A failure the user can fix, with the hint printed under it. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

let projectCwd: string | undefined;

/** Where relative file names in error messages are read from (the project folder), once known. */
export function setErrorContext(cwd: string): void {
  projectCwd = cwd;
}

/**
 * Prints an error for a person — where (file:line:col when known) and how to fix it — and
 * returns the exit code: 1 for invalid specs or schemas the generator cannot translate, 2 otherwise.
 */
export function reportError(error: unknown): number {
  const cwd = projectCwd ?? process.cwd();
  const label = err.red(err.bold("error:"));
  const fix = (hint: string) => console.error(`  ${err.dim("fix:")} ${hint}`);
  if (error instanceof SpecErrors) {
    for (const e of error.errors) console.error(e.message);
    console.error(`${error.errors.length} error(s) in webhook specs`);
    return 1;
  }
  if (error instanceof CodegenError) {
    console.error(`${label} ${locatePointers(error.message, cwd)}`);
    fix("change the schema or webhook.yaml at that position (docs/webhook-yaml.md lists the supported JSON Schema subset), then run generate again");
    return 1;
  }
  if (error instanceof ForeignFileError) {
    console.error(`${label} ${error.message}`);
    return 1;
  }
  if (error instanceof ConfigError) {
    console.error(`${label} ${error.message}`);
    fix(
      error.key === undefined
        ? "make the file load on its own (node can import it; smart-api-integrations must be installed for its defineConfig import)"
        : "edit that option (docs/config.md lists every option and its type)",
    );
    return 2;
  }
  if (error instanceof UsageError) {
    console.error(`${label} ${locatePointers(error.message, cwd)}`);
    if (error.hint !== undefined) fix(error.hint);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${label} ${locatePointers(message, cwd)}`);
  return 2;
}
