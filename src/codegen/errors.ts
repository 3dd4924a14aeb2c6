/**
 * The one error type of the code generator: always names the input(s) at fault.
 */

/** A problem in the input specs that makes generation impossible (collision, unresolved `$ref`, …). */
export class CodegenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CodegenError";
  }
}
