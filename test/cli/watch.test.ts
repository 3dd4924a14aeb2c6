// generate --watch as a child process: it regenerates after an edit, and stops on SIGTERM.
import type { ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { builtPackage, start, userProject } from "./built-cli.js";

const STRIPE = "webhooks:\n  default:\n    path: /hooks/stripe\n    events: [invoice.paid]\n";

beforeAll(() => void builtPackage(), 300_000);

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child !== undefined && child.exitCode === null) {
    child.kill("SIGKILL");
    await new Promise((resolve) => child!.once("exit", resolve));
  }
  child = undefined;
});

/** Resolves once `pattern` matches what the stream has printed so far (the test's timeout bounds the wait). */
function waitFor(proc: ChildProcess, pattern: RegExp, seen: { text: string }, stream: "stdout" | "stderr" = "stdout"): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(seen.text)) {
        proc[stream]!.off("data", check);
        resolve(seen.text);
      }
    };
    proc.once("exit", (code) => reject(new Error(`exited with ${code} before ${pattern}: ${seen.text}`)));
    proc[stream]!.on("data", check);
    check();
  });
}

describe("generate --watch", () => {
  it("picks up an edit to webhook.yaml, regenerates only what changed, and exits 0 on SIGTERM", async () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE });
    child = start(dir, ["generate", "--watch"]);
    const seen = { text: "" };
    child.stdout!.on("data", (chunk: Buffer) => void (seen.text += chunk.toString()));
    await waitFor(child, /watching for changes/, seen);
    expect(seen.text).toMatch(/^generated 1 provider\(s\) \[stripe\] .*: 6 written, 0 unchanged, 0 removed in \d+ ms$/m);

    writeFileSync(join(dir, "providers/stripe/webhook.yaml"), STRIPE.replace("/hooks/stripe", "/hooks/stripe-v2"));
    await waitFor(child, /change: providers\/stripe\/webhook\.yaml[\s\S]*generated .*: [1-9]\d* written/, seen);
    expect(readFileSync(join(dir, "generated/stripe/provider.ts"), "utf8")).toContain('"/hooks/stripe-v2"');

    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 120_000);

  it("keeps watching after an invalid edit and recovers on the next save", async () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE });
    child = start(dir, ["generate", "--watch"]);
    const seen = { text: "" };
    const errors = { text: "" };
    child.stdout!.on("data", (chunk: Buffer) => void (seen.text += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => void (errors.text += chunk.toString()));
    await waitFor(child, /watching for changes/, seen);
    writeFileSync(join(dir, "providers/stripe/webhook.yaml"), "webhooks:\n  default:\n    pathh: /x\n");
    // The failed run is reported and the watch goes on.
    await waitFor(child, /providers\/stripe\/webhook\.yaml:3:5: .*"pathh"/, errors, "stderr");
    writeFileSync(join(dir, "providers/stripe/webhook.yaml"), STRIPE.replace("/hooks/stripe", "/hooks/fixed"));
    await waitFor(child, /generated .*: [1-9]\d* written[\s\S]*generated .*: [1-9]\d* written/, seen);
    expect(child.exitCode).toBeNull();
    expect(readFileSync(join(dir, "generated/stripe/provider.ts"), "utf8")).toContain('"/hooks/fixed"');
  }, 120_000);
});
