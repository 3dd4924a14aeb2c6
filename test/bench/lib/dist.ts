/**
 * The product as users get it: the built `dist/` (not `src/` through tsx), and the generated
 * provider definitions bound to that same runtime instance.
 *
 * Why staging: tsx applies tsconfig.json `paths`, which map "smart-api-integrations" to
 * src/runtime/index.ts, to every import it resolves. Bench children therefore run with
 * TSX_TSCONFIG_PATH = test/bench/tsconfig.dist.json (no `paths`), and the generated code is copied
 * to a scratch folder whose node_modules links "smart-api-integrations" to this package, so the
 * name resolves through package.json `exports` to dist/ — the same file URLs, hence the same
 * module instances, as the runtime the bench imports. A probe module in that folder reports what
 * the name resolves to, and children refuse to run unless it is dist/runtime/index.js.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ProviderDefinition } from "../../../src/runtime/types.js";
import { generatedDir, ROOT, type RuntimeApi } from "./product.js";

export const DIST_RUNTIME = join(ROOT, "dist/runtime/index.js");
export const DIST_EXPRESS = join(ROOT, "dist/adapters/express.js");
/** Providers the in-process and HTTP suites load. */
export const STAGED_PROVIDERS = ["github", "stripe"] as const;

/** Environment of every bench child: no tsconfig `paths`, no debug logging on the hot path. */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, "test/bench/tsconfig.dist.json") };
  delete env["DEBUG"];
  delete env["NODE_OPTIONS"];
  return env;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly ms: number;
  readonly output: string;
  /** Files the build emitted outside dist/ (then removed), relative to the repository. */
  readonly strays: readonly string[];
}

const EMITTED = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;
const SKIP = new Set(["node_modules", ".git", "dist"]);

/** Emit-like files of the working tree outside node_modules/.git/dist. */
function emittedFiles(dir = ROOT, rel = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name === ".git" || (rel === "" && SKIP.has(e.name))) continue;
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...emittedFiles(join(dir, e.name), path));
    else if (EMITTED.test(e.name)) out.push(path);
  }
  return out;
}

/**
 * `npm run build` (tsc -p tsconfig.build.json → dist/). When a source outside `rootDir` makes the
 * build fail, tsc still emits that file NEXT TO ITS SOURCE (outDir/../…), where a stray .js can
 * shadow the .ts for other tools; files the build created outside dist/ are removed and reported.
 */
export function buildDist(): Promise<BuildResult> {
  const before = new Set(emittedFiles());
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", (err) => resolve({ ok: false, ms: performance.now() - t0, output: err.message, strays: [] }));
    child.on("close", (code) => {
      const strays = emittedFiles().filter((f) => !before.has(f));
      for (const f of strays) rmSync(join(ROOT, f), { force: true });
      resolve({ ok: code === 0 && existsSync(DIST_RUNTIME) && strays.length === 0, ms: performance.now() - t0, output, strays });
    });
  });
}

/**
 * Copies the generated github/stripe code to `<tmp>/stage/generated/` with node_modules links for
 * "smart-api-integrations" (→ this package) and zod; returns the stage folder or why it cannot.
 */
export function stageGenerated(tmp: string): string {
  const stage = join(tmp, "stage");
  const gen = generatedDir();
  for (const p of STAGED_PROVIDERS) {
    const from = join(gen, p);
    if (!existsSync(join(from, "provider.ts"))) throw new Error(`${from}/provider.ts not available`);
    const to = join(stage, "generated", p);
    mkdirSync(to, { recursive: true });
    for (const f of readdirSync(from)) if (f.endsWith(".ts")) copyFileSync(join(from, f), join(to, f));
  }
  mkdirSync(join(stage, "node_modules"), { recursive: true });
  symlinkSync(ROOT, join(stage, "node_modules", "smart-api-integrations"), "dir");
  symlinkSync(realpathSync(join(ROOT, "node_modules", "zod")), join(stage, "node_modules", "zod"), "dir");
  writeFileSync(join(stage, "package.json"), `${JSON.stringify({ name: "sai-bench-stage", private: true, type: "module" })}\n`);
  writeFileSync(
    join(stage, "probe.mjs"),
    [
      "// What generated code in this folder gets when it imports the package by name.",
      'export const runtime = import.meta.resolve("smart-api-integrations");',
      'export const express = import.meta.resolve("smart-api-integrations/express");',
      "",
    ].join("\n"),
  );
  return stage;
}

export interface DistProduct {
  readonly runtime: RuntimeApi;
  /** The generated `<name>Provider` definition, loaded from the stage folder. */
  provider(name: string): Promise<ProviderDefinition>;
  /** dist/adapters/express.js, resolved as generated code would resolve it. */
  expressUrl: string;
}

/** Child side: loads dist through the stage folder, after checking the name resolves to dist. */
export async function loadDist(stage: string): Promise<DistProduct> {
  const probe = (await import(pathToFileURL(join(stage, "probe.mjs")).href)) as { runtime: string; express: string };
  const want = pathToFileURL(DIST_RUNTIME).href;
  if (probe.runtime !== want) {
    throw new Error(`"smart-api-integrations" resolves to ${probe.runtime} from the generated code, not ${want}: is TSX_TSCONFIG_PATH set (lib/dist.ts childEnv)?`);
  }
  if (probe.express !== pathToFileURL(DIST_EXPRESS).href) throw new Error(`"smart-api-integrations/express" resolves to ${probe.express}, not dist`);
  const mod = (await import(probe.runtime)) as Partial<RuntimeApi>;
  if (typeof mod.getWebhookRegistry !== "function" || typeof mod.createWebhookHandler !== "function") throw new Error(`${probe.runtime} lacks getWebhookRegistry/createWebhookHandler`);
  const runtime = mod as RuntimeApi;
  const cache = new Map<string, Promise<ProviderDefinition>>();
  const provider = (name: string) => {
    let p = cache.get(name);
    if (!p) {
      p = (async () => {
        const file = join(stage, "generated", name, "provider.ts");
        const m = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
        for (const [key, value] of Object.entries(m)) {
          const def = value as Partial<ProviderDefinition> | null;
          if (key.endsWith("Provider") && def && def.name === name && def.webhooks && def.signature) return value as ProviderDefinition;
        }
        throw new Error(`${file} has no ${name}Provider export`);
      })();
      cache.set(name, p);
    }
    return p;
  };
  return { runtime, provider, expressUrl: probe.express };
}
