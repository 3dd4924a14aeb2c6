// The committed generated/ tree and the examples that use it compile under the strict settings a
// demanding user has on (plus noUnused*), through the package's public entry points.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

const STRICT_USER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
  resolveJsonModule: true,
  noEmit: true,
  types: ["node"],
  baseUrl: root,
  paths: {
    "smart-api-integrations": ["src/runtime/index.ts"],
    "smart-api-integrations/express": ["src/adapters/express.ts"],
  },
};

describe("generated/ under strict user settings", () => {
  it("type-checks with no diagnostics", () => {
    const entries = ["generated/index.ts", "generated/routes/express.ts", "examples/express/app.ts"].map(
      (file) => root + file,
    );
    const program = ts.createProgram(entries, STRICT_USER_OPTIONS);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.replace(root, "")}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(diagnostics).toEqual([]);
    // Guard against a vacuous pass: the generated files really were part of the program.
    const files = program.getSourceFiles().map((f) => f.fileName.replace(root, ""));
    for (const provider of ["stripe", "github", "slack"]) {
      expect(files).toContain(`generated/${provider}/validators.ts`);
      expect(files).toContain(`generated/${provider}/types.ts`);
    }
  });
});

describe("generated/ under typescript 7 (the native compiler)", () => {
  it("type-checks with no diagnostics", () => {
    const dir = mkdtempSync(join(tmpdir(), "sai-ts7-"));
    try {
      const tsconfig = {
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noUnusedLocals: true,
          noUnusedParameters: true,
          verbatimModuleSyntax: true,
          skipLibCheck: true,
          noEmit: true,
          typeRoots: [join(root, "node_modules/@types")],
          types: ["node"],
          paths: {
            "smart-api-integrations": [join(root, "src/runtime/index.ts")],
            "smart-api-integrations/express": [join(root, "src/adapters/express.ts")],
          },
        },
        files: ["generated/index.ts", "generated/routes/express.ts", "examples/express/app.ts"].map((f) => join(root, f)),
      };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
      const tsc7 = join(root, "node_modules/typescript7/bin/tsc");
      const version = spawnSync(tsc7, ["--version"], { encoding: "utf8" });
      expect(version.stdout).toMatch(/^Version 7\./);
      const r = spawnSync(tsc7, ["-p", join(dir, "tsconfig.json"), "--listFilesOnly"], { encoding: "utf8" });
      expect(r.stdout).toContain("generated/github/validators.ts");
      const check = spawnSync(tsc7, ["-p", join(dir, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8" });
      expect(check.stdout + check.stderr).toBe("");
      expect(check.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
