/**
 * The CLI as users get it: built once per test run (tsc into a scratch package folder, never the
 * shared dist/), then run as a subprocess in throw-away projects that resolve
 * `smart-api-integrations` to that build. Every test file of one vitest run shares one build:
 * the first worker builds under a lock, the others wait for its "done" marker.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

/** The repository root. */
export const root = fileURLToPath(new URL("../../", import.meta.url));

// Workers of one run share their parent (forks pool) or their process (threads pool).
const runId = typeof process.send === "function" ? process.ppid : process.pid;
const buildRoot = join(tmpdir(), `sai-cli-build-${runId}`);

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes scratch builds of runs that have ended (their process is gone). */
function sweepOldBuilds(): void {
  for (const name of readdirSync(tmpdir())) {
    const m = /^sai-cli-build-(\d+)(\.lock)?$/.exec(name);
    if (m && Number(m[1]) !== runId && !alive(Number(m[1]))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/**
 * The scratch package folder: dist/ built from src/ now, package.json, README and the data
 * folders copied, node_modules linked to the repository's (dependencies resolve as installed).
 */
export function builtPackage(): string {
  const done = join(buildRoot, ".done");
  const failed = join(buildRoot, ".failed");
  if (existsSync(done)) return buildRoot;
  let builder = false;
  try {
    mkdirSync(`${buildRoot}.lock`);
    builder = true;
  } catch {
    // another worker is building
  }
  if (builder) {
    sweepOldBuilds();
    rmSync(buildRoot, { recursive: true, force: true });
    mkdirSync(buildRoot, { recursive: true });
    const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json"), "--outDir", join(buildRoot, "dist")], { encoding: "utf8" });
    if (tsc.status !== 0) {
      writeFileSync(failed, `${tsc.stdout}${tsc.stderr}`);
      throw new Error(`building the CLI failed:\n${tsc.stdout}${tsc.stderr}`);
    }
    for (const entry of ["package.json", "README.md", "providers", "schemas", "templates", "docs"]) cpSync(join(root, entry), join(buildRoot, entry), { recursive: true });
    symlinkSync(join(root, "node_modules"), join(buildRoot, "node_modules"), "dir");
    writeFileSync(done, "");
    return buildRoot;
  }
  for (let waited = 0; waited < 300_000; waited += 250) {
    if (existsSync(done)) return buildRoot;
    if (existsSync(failed)) throw new Error(`building the CLI failed:\n${readFileSync(failed, "utf8")}`);
    sleep(250);
  }
  throw new Error(`timed out waiting for another worker to build the CLI in ${buildRoot}`);
}

/** The built CLI's entry point. */
export function cliMain(): string {
  return join(builtPackage(), "dist/cli/main.js");
}

/** A finished CLI run. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment of a run: no colour settings or CI marker leak in from the machine running tests. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["NO_COLOR", "FORCE_COLOR", "CI", "STRIPE_WEBHOOK_SECRET", "GITHUB_WEBHOOK_SECRET", "SLACK_SIGNING_SECRET"]) delete env[key];
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** `smart-api-integrations ...args` (the built CLI) in `cwd`. */
export function run(cwd: string, args: readonly string[], env: Record<string, string | undefined> = {}): CliResult {
  const r = spawnSync(process.execPath, [cliMain(), ...args], { cwd, encoding: "utf8", env: cleanEnv(env) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The built CLI as a long-running child (for --watch); the caller must kill it. */
export function start(cwd: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [cliMain(), ...args], { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
}

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Packages of the repository a test project may link in (for tsc and the Express types). */
const LINKED = ["zod", "@types/node", "express", "@types/express", "typescript"];

/**
 * A temporary project holding `files`, with `smart-api-integrations` (the build) and a few
 * dependencies linked into its node_modules, removed after the test file.
 */
export function userProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sai-user-"));
  temps.push(dir);
  const all = { "package.json": '{ "name": "user-app", "private": true, "type": "module" }\n', ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(join(dir, "node_modules/@types"), { recursive: true });
  symlinkSync(builtPackage(), join(dir, "node_modules/smart-api-integrations"), "dir");
  for (const name of LINKED) symlinkSync(join(root, "node_modules", name), join(dir, "node_modules", name), "dir");
  return dir;
}

/** A strict NodeNext tsconfig, as a new project would have it. */
export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, types: ["node"] },
    include: ["**/*.ts"],
    exclude: ["node_modules"],
  },
  null,
  2,
)}\n`;

/** Runs the repository's TypeScript 5.9 over `dir`'s tsconfig.json. */
export function tsc(dir: string): CliResult {
  const r = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")], { cwd: dir, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
