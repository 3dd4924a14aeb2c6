/**
 * The one error type of this layer: malformed schema input, located by a JSON pointer.
 * Callers (codegen, the sampler) re-raise it as their own error with the file they know.
 */

/** A keyword value that is not what the subset allows (e.g. `allOf` that is not an array). */
export class SchemaError extends Error {
  /**
   * @param pointer JSON pointer of the offending value, relative to the schema the throwing
   *   function was given ("" for that schema itself).
   * @param detail what is wrong, without the location.
   */
  constructor(
    readonly pointer: string,
    readonly detail: string,
  ) {
    super(`#${pointer}: ${detail}`);
    this.name = "SchemaError";
  }
}
