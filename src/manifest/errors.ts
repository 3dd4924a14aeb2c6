/**
 * Errors of spec loading: each names a file, a 1-based line and column, and how to fix it.
 */

/** One problem in a webhook.yaml or schema file. */
export class SpecError extends Error {
  constructor(
    /** Posix path relative to cwd. */
    readonly file: string,
    /** 1-based. */
    readonly line: number,
    /** 1-based. */
    readonly column: number,
    /** What is wrong and how to fix it (without the location prefix). */
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: ${detail}`);
    this.name = "SpecError";
  }
}

/** Every problem found while loading; thrown once so users can fix them all in one go. */
export class SpecErrors extends Error {
  constructor(readonly errors: readonly SpecError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "SpecErrors";
  }
}
