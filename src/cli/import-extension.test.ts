import { describe, expect, it } from "vitest";
import { withImportExtension } from "./import-extension.js";

const file = {
  path: "routes/express.ts",
  contents: [
    'import { webhookRoutes } from "../index.js";',
    'import "../index.js";',
    'export { a } from "./stripe/index.js";',
    'import { expressRoutes } from "smart-api-integrations/express";',
    'const lazy = import("./validators.js");',
    "",
  ].join("\n"),
};

describe("withImportExtension", () => {
  it("keeps .js output byte-identical", () => {
    expect(withImportExtension([file], ".js")).toEqual([file]);
  });

  it("rewrites only relative specifiers to .ts", () => {
    const [out] = withImportExtension([file], ".ts");
    expect(out!.contents).toBe(
      [
        'import { webhookRoutes } from "../index.ts";',
        'import "../index.ts";',
        'export { a } from "./stripe/index.ts";',
        'import { expressRoutes } from "smart-api-integrations/express";',
        'const lazy = import("./validators.ts");',
        "",
      ].join("\n"),
    );
  });

  it("drops the extension for none", () => {
    const [out] = withImportExtension([file], "none");
    expect(out!.contents).toContain('from "../index";');
    expect(out!.contents).toContain('import "../index";');
    expect(out!.contents).toContain('"smart-api-integrations/express"');
  });
});
