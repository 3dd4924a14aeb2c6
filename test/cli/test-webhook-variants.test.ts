/**
 * `test-webhook --variant` (the built CLI) against the example Express app over real HTTP:
 * each variant is refused the way it should be, and the CLI says so with exit 0.
 */
import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_SECRETS, startExampleApp, type RunningExampleApp } from "../fixtures/example-app.js";
import { builtPackage, cleanEnv, cliMain, root } from "./built-cli.js";

let app: RunningExampleApp;
beforeAll(async () => {
  builtPackage();
  app = await startExampleApp();
}, 300_000);
afterAll(() => app.close());

/** Asynchronous: the server answering lives in this process's event loop. */
function cli(args: readonly string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [cliMain(), ...args], { cwd: root, env: cleanEnv(EXAMPLE_SECRETS), encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}

describe("test-webhook --variant against the example app", () => {
  it.each([
    ["tampered", "401"],
    ["stale", "401"],
    ["rotated", "401"],
    ["duplicate", '200 {"status":"duplicate"}'],
  ])("stripe %s → %s, reported as refused", async (variant, answer) => {
    const r = await cli(["test-webhook", "stripe", "--event", "payment_intent.succeeded", "--url", app.base, "--variant", variant]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(`[${variant}] (`);
    expect(r.stdout).toContain(`→ ${answer}`);
    expect(r.stdout).toMatch(/\nrefused, as it should be: /);
    expect(r.code).toBe(0);
  });

  it("github stale: no signed timestamp, so the CLI says only dedupe can catch it", async () => {
    const r = await cli(["test-webhook", "github", "--event", "issues.opened", "--url", app.base, "--variant", "stale"]);
    expect(r.stdout).toContain("only dedupe can catch a replay");
    expect(r.code).toBe(0);
  });
});
