// DESIGN.md's boundaries, checked on every import statement of the source tree.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : sourceFiles(full); // test-only helpers
    return entry.name.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/g), ...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)];
  return specs.map((m) => m[1]!);
}

/** Which top-level src/ folder a relative import lands in. */
function layerOf(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const target = relative(src, join(file, "..", specifier));
  return target.split(/[\\/]/)[0];
}

describe("layer boundaries", () => {
  // testing/ is imported by users' tests, which bundle it with the runtime: the same rule holds.
  it.each(["runtime", "adapters", "testing"])("src/%s ships in users' bundles: node builtins, debug and runtime only", (layer) => {
    const offending: string[] = [];
    const files = sourceFiles(join(src, layer));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      for (const spec of importsOf(file)) {
        const target = layerOf(file, spec);
        const ok = spec.startsWith("node:") || spec === "debug" || target === "runtime" || target === layer;
        if (!ok) offending.push(`${relative(src, file)} imports ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it.each(["codegen", "manifest", "json-schema", "openapi"])("src/%s is pure: no fs, no process, no clock", (layer) => {
    const offending: string[] = [];
    for (const file of sourceFiles(join(src, layer))) {
      const text = readFileSync(file, "utf8");
      for (const spec of importsOf(file)) {
        if (/^(node:)?(fs|fs\/promises|child_process|os)$/.test(spec)) offending.push(`${relative(src, file)} imports ${spec}`);
        if (layerOf(file, spec) === "cli") offending.push(`${relative(src, file)} imports ${spec}`);
      }
      for (const word of ["process.env", "process.cwd", "Date.now", "new Date(", "Math.random"]) {
        if (text.includes(word)) offending.push(`${relative(src, file)} uses ${word}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("the import scanner sees real imports (guard against a vacuous pass)", () => {
    expect(importsOf(join(src, "runtime/pipeline.ts"))).toContain("./pipeline/run-steps.js");
    expect(importsOf(join(src, "cli/plan.ts"))).toContain("node:fs");
  });
});
