// The committed generated/ tree and the example app that uses it compile under the strict settings
// a demanding user has on (plus noUnused*), with TypeScript 5.9 and 7. Validators are checked too:
// the copy compiled here has their `@ts-nocheck` line (there for users' tsc speed) removed.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VALIDATORS_NOCHECK } from "../../src/codegen/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
// Inside the repository so that "zod" and @types resolve from its node_modules.
const copy = join(root, ".tmp", `compile-${process.pid}`);
// Every generated route file, whichever frameworks generate was asked for.
const ROUTE_FILES = readdirSync(join(root, "generated/routes")).filter((f) => f.endsWith(".ts")).map((f) => `generated/routes/${f}`);
// Every example app that uses the generated code (the Next.js apps are compiled by `next build`).
const EXAMPLE_APPS = readdirSync(join(root, "examples"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, "examples", entry.name, "app.ts")))
  .map((entry) => `examples/${entry.name}/app.ts`)
  .sort();
const ENTRIES = ["generated/index.ts", ...ROUTE_FILES, ...EXAMPLE_APPS];

const STRICT = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  verbatimModuleSyntax: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"] as string[],
};

const PATHS = {
  "smart-api-integrations": [join(root, "src/runtime/index.ts")],
  "smart-api-integrations/*": [join(root, "src/adapters/*.ts")],
};

beforeAll(() => {
  mkdirSync(copy, { recursive: true });
  cpSync(join(root, "generated"), join(copy, "generated"), { recursive: true });
  // Build output of the Next.js examples is not source.
  cpSync(join(root, "examples"), join(copy, "examples"), { recursive: true, filter: (path) => !/[\\/](\.next|node_modules)$/.test(path) });
  for (const provider of readdirSync(join(copy, "generated"), { withFileTypes: true })) {
    const file = join(copy, "generated", provider.name, "validators.ts");
    if (!provider.isDirectory() || !existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    expect(text.split("\n")[1]).toBe(VALIDATORS_NOCHECK);
    writeFileSync(file, text.replace(`${VALIDATORS_NOCHECK}\n`, ""));
  }
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("generated/ under strict user settings", () => {
  it("covers every route file and example app (guard against an empty program)", () => {
    expect(ROUTE_FILES.length).toBeGreaterThanOrEqual(7);
    expect(EXAMPLE_APPS).toEqual(expect.arrayContaining(["examples/express/app.ts", "examples/fetch/app.ts", "examples/koa/app.ts", "examples/nest/app.ts"]));
  });

  it("TypeScript 5.9: no diagnostics, validators included", () => {
    const program = ts.createProgram(
      ENTRIES.map((f) => join(copy, f)),
      {
        ...STRICT,
        target: ts.ScriptTarget.ES2022,
        lib: ["lib.es2023.d.ts"],
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        paths: PATHS,
      },
    );
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.replace(root, "")}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(diagnostics).toEqual([]);
    // Guard against a vacuous pass: the generated files really were part of the program, unexempted.
    for (const provider of ["stripe", "github", "slack"]) {
      const validators = program.getSourceFile(join(copy, `generated/${provider}/validators.ts`));
      expect(validators?.text).toBeDefined();
      expect(validators?.text).not.toContain("@ts-nocheck");
      expect(program.getSourceFile(join(copy, `generated/${provider}/types.ts`))).toBeDefined();
    }
  });

  it("TypeScript 7 (the native compiler): no diagnostics", () => {
    const tsconfig = {
      compilerOptions: { ...STRICT, target: "ES2022", lib: ["ES2023"], module: "NodeNext", moduleResolution: "NodeNext", paths: PATHS },
      files: ENTRIES,
    };
    writeFileSync(join(copy, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc7 = join(root, "node_modules/typescript7/bin/tsc");
    expect(spawnSync(tsc7, ["--version"], { encoding: "utf8" }).stdout).toMatch(/^Version 7\./);
    const listed = spawnSync(tsc7, ["-p", join(copy, "tsconfig.json"), "--listFilesOnly"], { encoding: "utf8" });
    expect(listed.stdout).toContain("generated/github/validators.ts");
    const check = spawnSync(tsc7, ["-p", join(copy, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8" });
    expect(check.stdout + check.stderr).toBe("");
    expect(check.status).toBe(0);
  });
});
