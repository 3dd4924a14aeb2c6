/** Runs a child process and measures its wall time and peak RSS (GNU time when present). */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";

export interface ChildRun {
  readonly wallMs: number;
  /** Peak resident set size in bytes (`undefined` without GNU time). */
  readonly maxRssBytes: number | undefined;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const GNU_TIME = "/usr/bin/time";
export const hasGnuTime = existsSync(GNU_TIME);

export function runMeasured(cmd: string, args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ChildRun> {
  const dir = mkdtempSync(join(os.tmpdir(), "sai-time-"));
  const out = join(dir, "time.txt");
  const [bin, argv] = hasGnuTime ? [GNU_TIME, ["-f", "%M", "-o", out, cmd, ...args]] : [cmd, [...args]];
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(bin, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs) : undefined;
    child.on("close", (code) => {
      const wallMs = performance.now() - t0;
      if (timer) clearTimeout(timer);
      let maxRssBytes: number | undefined;
      try {
        const kb = Number(readFileSync(out, "utf8").trim().split("\n").pop());
        if (Number.isFinite(kb) && kb > 0) maxRssBytes = kb * 1024;
      } catch {
        maxRssBytes = undefined;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ wallMs, maxRssBytes, code, stdout, stderr });
    });
  });
}
