// `import-openapi` as users run it: a real process on the OpenAPI fixture, into a temp project,
// then `generate` over what it wrote.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");
const main = join(root, "src/cli/main.ts");
const fixture = join(root, "test/fixtures/openapi/acme.openapi.yaml");
const unsupported = join(root, "test/fixtures/openapi/unsupported.openapi.json");

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(tsx, [main, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temps: string[] = [];
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "sai-openapi-"));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("import-openapi", () => {
  it("writes the schema folder and a webhook.yaml skeleton that generate turns into typed code", () => {
    const dir = project();
    const first = cli(dir, "import-openapi", fixture, "--provider", "acme");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      "import-openapi: 3 event(s), 3 def(s) of which 2 hoisted shape(s) into schemas/acme: 6 written, 0 unchanged, 0 deleted; wrote providers/acme/webhook.yaml\n",
    );
    expect(readdirSync(join(dir, "schemas/acme/events")).sort()).toEqual(["customer.updated.json", "order.created.json", "order.shipped.json"]);
    expect(readdirSync(join(dir, "schemas/acme/defs")).sort()).toEqual(["Address.json", "Customer.json", "Money.json"]);
    const yaml = readFileSync(join(dir, "providers/acme/webhook.yaml"), "utf8");
    expect(yaml).toMatch(/^ {2}schemas: \.\.\/\.\.\/schemas\/acme +#/m);

    const generated = cli(dir, "generate");
    expect(generated.stderr).toBe("");
    expect(generated.code).toBe(0);
    const types = readFileSync(join(dir, "generated/acme/types.ts"), "utf8");
    for (const name of ["Address", "Customer", "Money", "OrderCreatedEvent", "OrderShippedEvent", "CustomerUpdatedEvent"]) {
      expect(types).toContain(`export interface ${name} {`);
    }
  });

  it("is idempotent, keeps the user's webhook.yaml, and --check reports stale files without writing", () => {
    const dir = project();
    expect(cli(dir, "import-openapi", fixture, "--provider", "acme").code).toBe(0);
    writeFileSync(join(dir, "providers/acme/webhook.yaml"), "# mine\n");
    const again = cli(dir, "import-openapi", fixture, "--provider", "acme");
    expect(again.stdout).toBe("import-openapi: 3 event(s), 3 def(s) of which 2 hoisted shape(s) into schemas/acme: 0 written, 6 unchanged, 0 deleted\n");
    expect(readFileSync(join(dir, "providers/acme/webhook.yaml"), "utf8")).toBe("# mine\n");
    expect(cli(dir, "import-openapi", fixture, "--provider", "acme", "--check").code).toBe(0);

    writeFileSync(join(dir, "schemas/acme/defs/Money.json"), "{}\n");
    writeFileSync(join(dir, "schemas/acme/events/old.json"), "{}\n");
    const check = cli(dir, "import-openapi", fixture, "--provider", "acme", "--check");
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("changed   schemas/acme/defs/Money.json");
    expect(check.stderr).toContain("deleted   schemas/acme/events/old.json");
    expect(readFileSync(join(dir, "schemas/acme/defs/Money.json"), "utf8")).toBe("{}\n");
  });

  it("refuses unsupported keywords with file and JSON pointer, writing nothing", () => {
    const dir = project();
    const r = cli(dir, "import-openapi", unsupported, "--provider", "bad", "--out", "schemas/x");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${unsupported}#/webhooks/thing.created/post/requestBody/content/application~1json/schema/properties/id/not: keyword "not" is not supported`);
    expect(r.stderr).toContain("/properties/tags/patternProperties: keyword \"patternProperties\" is not supported");
    expect(existsSync(join(dir, "schemas"))).toBe(false);
    expect(existsSync(join(dir, "providers"))).toBe(false);
  });
});
