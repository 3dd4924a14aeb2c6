/**
 * Identifier naming: the single PascalCase function every generated name goes through, and a
 * table that turns "two inputs normalise to the same identifier" into an error naming both.
 */
import { pascalCase as pascalWords } from "../manifest/naming.js";
import { CodegenError } from "./errors.js";

/**
 * {@link pascalWords} (the project's one PascalCase rule, documented in `manifest/naming.ts`), refusing
 * names that yield no identifier at all.
 *
 * @throws CodegenError when the name holds no letter or digit.
 */
export function pascalCase(name: string): string {
  const identifier = pascalWords(name);
  if (identifier === "") throw new CodegenError(`cannot make an identifier from ${JSON.stringify(name)}`);
  return identifier;
}

/** {@link pascalCase} with the first character lower-cased, for value names: `github` → `github`, `my-api` → `myApi`. */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/**
 * The identifiers of one generated scope. `claim` records which input produced an identifier
 * and fails when a second, different input produces the same one — never a numeric suffix.
 */
export class NameTable {
  readonly #owners = new Map<string, string>();

  /** @param reserved identifiers the generated code itself needs in this scope → why. */
  constructor(reserved: Readonly<Record<string, string>> = {}) {
    for (const [id, why] of Object.entries(reserved)) this.#owners.set(id, why);
  }

  /** Records `identifier` as produced by `source` (a human description of the input). */
  claim(identifier: string, source: string): string {
    const owner = this.#owners.get(identifier);
    if (owner !== undefined && owner !== source) {
      throw new CodegenError(
        `identifier ${identifier} would be generated for both ${owner} and ${source}; rename one of them`,
      );
    }
    this.#owners.set(identifier, source);
    return identifier;
  }
}
