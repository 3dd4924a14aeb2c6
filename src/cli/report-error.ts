import { CodegenError } from "../codegen/index.js";
import { SpecErrors } from "../manifest/index.js";
import { ForeignFileError } from "./write-plan.js";

/** Prints an error for a person and returns the exit code: 1 for invalid specs or
 * schemas the generator cannot translate, 2 otherwise. */
export function reportError(error: unknown): number {
  if (error instanceof SpecErrors) {
    for (const e of error.errors) console.error(e.message);
    console.error(`${error.errors.length} error(s) in webhook specs`);
    return 1;
  }
  if (error instanceof CodegenError || error instanceof ForeignFileError) {
    console.error(`error: ${error.message}`);
    return 1;
  }
  console.error(error instanceof Error ? `error: ${error.message}` : `error: ${String(error)}`);
  return 2;
}
