/**
 * The fixture output compiles under the strictest flags DESIGN.md lists (plus noUnused*, which
 * users may have on), its types drive the runtime's typed API, and its validators run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureSpecs } from "./__fixtures__/specs.js";
import { templates } from "./__fixtures__/templates.js";
import type { ValidatorFactory } from "../runtime/types.js";
import { generate } from "./generate.js";
import { VALIDATORS_NOCHECK } from "./files/validators-file.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
let dir = "";

/** Uses the real runtime when present, else throwaway stubs inside the temp dir (never in src/). */
function runtimePaths(): { runtime: string; express: string } {
  const runtime = join(repo, "src/runtime/index.ts");
  const express = join(repo, "src/adapters/express.ts");
  const stubs = { runtime: join(dir, "stubs/runtime.ts"), express: join(dir, "stubs/express.ts") };
  if (!existsSync(runtime)) {
    mkdirSync(dirname(stubs.runtime), { recursive: true });
    writeFileSync(
      stubs.runtime,
      [
        `export type * from "${join(repo, "src/runtime/types.js")}";`,
        `export type * from "${join(repo, "src/runtime/event.js")}";`,
        `import type { ProviderDefinition } from "${join(repo, "src/runtime/types.js")}";`,
        "export interface WebhookRoute { readonly provider: string; readonly webhook: string; readonly path: string }",
        "export declare function getWebhookRegistry(): { register(def: ProviderDefinition): unknown };",
      ].join("\n"),
    );
  }
  if (!existsSync(express)) {
    mkdirSync(dirname(stubs.express), { recursive: true });
    writeFileSync(
      stubs.express,
      [
        "export interface ExpressApp { use(...args: unknown[]): unknown }",
        "export interface ExpressRouteOptions { readonly logger?: unknown }",
        "export declare function expressWebhookRoutes(app: ExpressApp, routes: readonly { provider: string; webhook: string; path: string }[], options?: ExpressRouteOptions): unknown;",
      ].join("\n"),
    );
  }
  return { runtime: existsSync(runtime) ? runtime : stubs.runtime, express: existsSync(express) ? express : stubs.express };
}

const usage = `
import "./index.js";
import { getWebhookRegistry } from "smart-api-integrations";
import type { WebhookProviders } from "smart-api-integrations";
import type { AcmeEvents, PaymentIntentSucceededEvent } from "./acme/index.js";

export const login: WebhookProviders["acme"]["connect"]["issues.opened"]["sender"]["login"] = "octocat";
// @ts-expect-error ping is not an event of the connect webhook
export type NotSubscribed = WebhookProviders["acme"]["connect"]["ping"];
export const amount = (e: PaymentIntentSucceededEvent): number | undefined =>
  e.data.object.object === "payment_intent" ? e.data.object.amount : undefined;
export const maybeNull: AcmeEvents["issues.opened"]["comment"] = null;

const processor = getWebhookRegistry().createProcessor("acme", "connect");
processor.on("issues.opened", (event) => {
  const name: string = event.payload.sender.login;
  return { name };
});
// @ts-expect-error not an event of the connect webhook
processor.on("ping", () => undefined);
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sai-codegen-"));
  // So that the generated files resolve "zod" (and vitest resolves it for the runtime test).
  symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  for (const file of generate(fixtureSpecs, { templates })) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    // Validators carry @ts-nocheck for users' speed; here they are checked like everything else.
    writeFileSync(join(dir, file.path), file.contents.replace(`${VALIDATORS_NOCHECK}\n`, ""));
  }
  writeFileSync(join(dir, "usage.ts"), usage);
});

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

describe("generated fixture output", () => {
  it("type-checks under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax, NodeNext", () => {
    const paths = runtimePaths();
    const options: ts.CompilerOptions = {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts"],
      types: ["node"],
      skipLibCheck: true,
      noEmit: true,
      paths: {
        "smart-api-integrations": [paths.runtime],
        "smart-api-integrations/express": [paths.express],
      },
    };
    const roots = generate(fixtureSpecs, { templates }).map((f) => join(dir, f.path));
    const program = ts.createProgram([...roots, join(dir, "usage.ts")], options);
    // Only the generated files (and the usage check) are ours to judge; the runtime has its own tests.
    const ours = ts.getPreEmitDiagnostics(program).filter((d) => d.file === undefined || d.file.fileName.startsWith(dir));
    const text = ts.formatDiagnostics(ours, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => dir,
      getNewLine: () => "\n",
    });
    expect(text).toBe("");
  });

  it("validators run: lazily built per mode, strict vs lenient, discriminated unions, recursion", async () => {
    const mod = (await import(pathToFileURL(join(dir, "acme/validators.ts")).href)) as { acmeValidators: ValidatorFactory };
    const strict = mod.acmeValidators("strict");
    expect(mod.acmeValidators("strict")).toBe(strict);
    expect(strict("nope")).toBeUndefined();
    const issues = strict("issues.opened")!;
    expect(strict("issues.opened")).toBe(issues);
    const sender = { login: "octo", id: 1, email: null };
    const comment = { body: "hi", replies: [{ body: "re", replies: [] }] };
    expect(issues.safeParse({ action: "opened", sender, comment, priority: null, tree: { edges: [{ to: { edges: [] } }] } }).success).toBe(true);
    expect(issues.safeParse({ action: "opened", sender: { ...sender, extra: 1 } }).success).toBe(false);
    expect(mod.acmeValidators("lenient")("issues.opened")!.safeParse({ action: "opened", sender: { ...sender, extra: 1 } }).success).toBe(true);
    expect(issues.safeParse({ action: "opened", sender, comment: { ...comment, extra: 1 } }).success).toBe(false);
    const pi = strict("payment_intent.succeeded")!;
    const base = { id: "evt_1", created: 1, type: "payment_intent.succeeded" };
    expect(pi.safeParse({ ...base, data: { object: { object: "payment_intent", amount: 5 } } }).success).toBe(true);
    expect(pi.safeParse({ ...base, data: { object: { object: "charge", amount: 5 } } }).success).toBe(false);
    expect(strict("ping")!.safeParse("anything").success).toBe(true);
  });

  it("index registers providers and lists routes", async () => {
    const mod = (await import(pathToFileURL(join(dir, "index.ts")).href)) as {
      providers: readonly { name: string }[];
      webhookRoutes: readonly { provider: string; webhook: string; path: string }[];
    };
    expect(mod.providers.map((p) => p.name)).toEqual(["acme", "beta"]);
    expect(mod.webhookRoutes.map((r) => `${r.provider}/${r.webhook}`)).toEqual(["acme/connect", "acme/default", "beta/default"]);
    const { getWebhookRegistry } = await import("smart-api-integrations");
    expect(() => getWebhookRegistry().createProcessor("acme" as never, "connect" as never)).not.toThrow();
  });
});
