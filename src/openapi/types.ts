/**
 * The shapes the OpenAPI importer reads and writes. Input documents are untrusted JSON, so the
 * importer reads them as {@link Json} and checks every shape it relies on.
 */

/** A parsed JSON (or YAML) value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** One problem found in the input document, at a JSON pointer into it (`/components/schemas/x/not`). */
export interface ImportIssue {
  readonly pointer: string;
  readonly message: string;
}

/**
 * Thrown when the document cannot be imported faithfully; holds every issue found, sorted by
 * pointer, so that one run names them all.
 */
export class OpenApiImportError extends Error {
  readonly issues: readonly ImportIssue[];

  constructor(issues: readonly ImportIssue[]) {
    const sorted = [...issues].sort((a, b) => compareText(a.pointer, b.pointer) || compareText(a.message, b.message));
    super(`${sorted.length} problem(s) in the OpenAPI document:\n${sorted.map((i) => `  #${i.pointer}: ${i.message}`).join("\n")}`);
    this.name = "OpenApiImportError";
    this.issues = sorted;
  }
}

/** Code-unit order (never locale order): the same everywhere, so output and errors are stable. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a value is a JSON object (not an array, not null). */
export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
