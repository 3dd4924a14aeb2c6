/**
 * Which route files `generate` writes: the frameworks a project asks for (`--frameworks`) or,
 * by default, the ones its package.json depends on; Express when none is found.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A framework we ship a route template for. */
export interface FrameworkInfo {
  readonly name: string;
  /** The dependency whose presence in package.json selects it by default. */
  readonly detectedBy?: string;
  /** Per-route frameworks write one file per webhook into the app's routing folder. */
  readonly perRoute?: { readonly layout: "segment" | "file"; readonly dirs: readonly string[]; readonly suffix: string };
}

/** Every built-in framework, in the order `--help` lists them. */
export const FRAMEWORKS: readonly FrameworkInfo[] = [
  { name: "express", detectedBy: "express" },
  { name: "fastify", detectedBy: "fastify" },
  { name: "hono", detectedBy: "hono" },
  { name: "koa", detectedBy: "koa" },
  { name: "nest", detectedBy: "@nestjs/core" },
  { name: "next-app", detectedBy: "next", perRoute: { layout: "segment", dirs: ["app", "src/app"], suffix: "" } },
  { name: "next-pages", perRoute: { layout: "file", dirs: ["pages", "src/pages"], suffix: "api" } },
  { name: "node" },
  { name: "fetch" },
];

/** The built-in framework called `name`, if any. */
export function frameworkInfo(name: string): FrameworkInfo | undefined {
  return FRAMEWORKS.find((f) => f.name === name);
}

function readPackageJson(cwd: string): Record<string, unknown> | undefined {
  const file = join(cwd, "package.json");
  if (!existsSync(file)) return undefined;
  try {
    const pkg: unknown = JSON.parse(readFileSync(file, "utf8"));
    return typeof pkg === "object" && pkg !== null ? (pkg as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // an unreadable package.json is npm's to report, not ours
  }
}

/** Every dependency name of the package.json in `cwd` (dependencies, dev, peer and optional). */
function dependencyNames(cwd: string): Set<string> {
  const pkg = readPackageJson(cwd);
  const names = new Set<string>();
  for (const key of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
    const deps = pkg?.[key];
    if (typeof deps === "object" && deps !== null) for (const name of Object.keys(deps)) names.add(name);
  }
  return names;
}

/**
 * The default framework list of the project in `cwd`. A Next.js project gets `next-pages` when
 * it has a `pages/` folder and no `app/` folder, else `next-app`.
 */
export function detectFrameworks(cwd: string): string[] {
  const deps = dependencyNames(cwd);
  const found: string[] = [];
  for (const framework of FRAMEWORKS) {
    if (framework.detectedBy === undefined || !deps.has(framework.detectedBy)) continue;
    if (framework.name === "next-app") {
      const has = (dirs: readonly string[]) => dirs.some((dir) => existsSync(join(cwd, dir)));
      const pages = has(["pages", "src/pages"]) && !has(["app", "src/app"]);
      found.push(pages ? "next-pages" : "next-app");
      continue;
    }
    found.push(framework.name);
  }
  return found.length > 0 ? found : ["express"];
}

/**
 * The routing folder of a per-route framework: the one given, else the first of its usual
 * folders that exists (`app`, `src/app`; `pages`, `src/pages`), else the first.
 */
export function routingDir(cwd: string, framework: FrameworkInfo, given: string | undefined): string {
  const perRoute = framework.perRoute!;
  const base = given ?? perRoute.dirs.find((dir) => existsSync(join(cwd, dir))) ?? perRoute.dirs[0]!;
  return perRoute.suffix === "" ? base : join(base, perRoute.suffix);
}
