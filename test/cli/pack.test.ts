/**
 * The package as npm would publish it: pack the built package, check what the tarball holds,
 * install it into an empty project and run init → generate → tsc there. The sandbox has no
 * registry, so the tarball is unpacked into node_modules by hand and its dependencies are
 * linked from this repository's node_modules (the same versions package.json names).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtPackage, cleanEnv, root, tsc, TSCONFIG } from "./built-cli.js";

let work: string;
let files: string[];
let manifest: { dependencies: Record<string, string>; peerDependencies: Record<string, string>; sideEffects: unknown; exports: Record<string, unknown> };
let tarball: string;

beforeAll(() => {
  const pkg = builtPackage();
  work = mkdtempSync(join(tmpdir(), "sai-pack-"));
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: pkg, encoding: "utf8", env: cleanEnv() });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info!.filename);
  files = info!.files.map((f) => f.path);
  manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as typeof manifest;
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed tarball", () => {
  it("holds no sources, tests or fixtures, and no map that points at a file it does not ship", () => {
    expect(files).toContain("dist/cli/main.js");
    expect(files).toContain("dist/config/index.js");
    expect(files.filter((f) => f.startsWith("src/"))).toEqual([]);
    expect(files.filter((f) => /__fixtures__|__golden__|\.test\.|\.test-d\./.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".d.ts.map"))).toEqual([]);
    const maps = files.filter((f) => f.endsWith(".js.map"));
    expect(maps.length).toBeGreaterThan(0);
    const pkg = builtPackage();
    const withoutSources = maps.filter((f) => {
      const map = JSON.parse(readFileSync(join(pkg, f), "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
      return map.sourcesContent?.length !== map.sources.length || map.sourcesContent.some((s) => typeof s !== "string");
    });
    expect(withoutSources).toEqual([]);
  });

  it("declares zod as a peer only, sideEffects, and the config subpath", () => {
    expect(manifest.dependencies["zod"]).toBeUndefined();
    expect(manifest.peerDependencies["zod"]).toBeDefined();
    // The CLI entry runs on import; generated/ and examples/ are this repository's own generated
    // code and apps (not shipped), whose generated/index.ts registers providers when imported.
    expect(manifest.sideEffects).toEqual(["./dist/cli/main.js", "./generated/**", "./examples/**"]);
    expect(manifest.exports["./config"]).toEqual({ types: "./dist/config/index.d.ts", import: "./dist/config/index.js" });
  });

  it("installed into an empty project: init → generate → tsc", () => {
    const project = join(work, "app");
    const modules = join(project, "node_modules");
    mkdirSync(join(modules, "smart-api-integrations"), { recursive: true });
    mkdirSync(join(modules, "@types"), { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", join(modules, "smart-api-integrations"), "--strip-components=1"]);
    const wanted = [...Object.keys(manifest.dependencies), "zod", "typescript", "express", "@types/express", "@types/node"];
    for (const name of wanted) symlinkSync(join(root, "node_modules", name), join(modules, name), "dir");
    writeFileSync(join(project, "package.json"), '{ "name": "app", "private": true, "type": "module", "dependencies": { "express": "*" } }\n');
    writeFileSync(join(project, "tsconfig.json"), TSCONFIG);
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(modules, "smart-api-integrations/dist/cli/main.js"), ...args], { cwd: project, encoding: "utf8", env: cleanEnv() });

    const init = cli("init", "stripe");
    expect(init.stderr).toBe("");
    expect(init.status).toBe(0);
    const generate = cli("generate");
    expect(generate.stderr).toBe("");
    expect(generate.stdout).toMatch(/^generated 1 provider\(s\) \[stripe\] with routes for \[express\] into generated: 6 written/);
    const compiled = tsc(project);
    expect(compiled.stdout + compiled.stderr).toBe("");
    expect(compiled.code).toBe(0);
  });
});
