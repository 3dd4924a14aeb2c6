/**
 * The built-in providers, each complete: docs/providers/README.md's table says what the specs say,
 * and every provider has its page, its schema folder README, its conformance test and its
 * end-to-end case file.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { END, INDEX_PAGE, renderProvidersTable, START } from "../../../scripts/providers-index.js";
import { repoRoot } from "../schema-folder.js";
import { builtinSpecs } from "./builtin.js";

const specs = [...builtinSpecs().values()];

describe("built-in providers", () => {
  it("docs/providers/README.md's table is rendered from the specs (npx tsx scripts/providers-index.ts)", () => {
    const page = readFileSync(INDEX_PAGE, "utf8");
    const table = page.slice(page.indexOf(START) + START.length, page.indexOf(END)).trim();
    expect(table).toBe(renderProvidersTable(specs));
  });

  it("no file the package ships under providers/ or schemas/ has a name Windows cannot store", () => {
    const walk = (dir: string): string[] =>
      readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
    const files = [...walk("providers"), ...walk("schemas")];
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => /[<>:"\\|?*]/.test(f) || /[. ]$/.test(f))).toEqual([]);
  });

  it.each(specs.map((s) => s.name))("%s has a doc page, a schema README, a delivery budget and its tests", (name) => {
    const spec = builtinSpecs().get(name)!;
    expect(existsSync(join(repoRoot, "docs/providers", `${name}.md`)), `docs/providers/${name}.md`).toBe(true);
    expect(existsSync(join(repoRoot, "schemas", name, "README.md")), `schemas/${name}/README.md`).toBe(true);
    expect(spec.delivery, "provider.delivery (timeout and retries)").toBeDefined();
    expect(spec.delivery!.retries, "provider.delivery.retries").toBeDefined();
    // github, slack and stripe predate these folders: their suites are test/conformance/<name>-*.test.ts and test/e2e.
    if (!["github", "slack", "stripe"].includes(name)) {
      expect(existsSync(join(repoRoot, "test/conformance/providers", `${name}.test.ts`)), `test/conformance/providers/${name}.test.ts`).toBe(true);
      expect(existsSync(join(repoRoot, "test/e2e/providers/cases", `${name}.ts`)), `test/e2e/providers/cases/${name}.ts`).toBe(true);
    }
  });
});
