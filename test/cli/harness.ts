/** Runs the built CLI in a folder, and makes throw-away project folders for it. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { builtPackage, cliMain, cleanEnv, root } from "./built-cli.js";

export { root };

// Built once per run (shared with every other test/cli file), before the first test of the file.
beforeAll(() => void builtPackage(), 300_000);

/** `smart-api-integrations ...args` in `cwd`: exit code and output. */
export function cli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliMain(), ...args], { cwd, encoding: "utf8", env: cleanEnv() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder holding `files` (posix path → text), removed after the test file. */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sai-cli-"));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
