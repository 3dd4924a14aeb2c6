/**
 * `test-webhook` as users run it: the example Express app (generated routes, typed handlers) on
 * 127.0.0.1 in this process, and the CLI as a real child process posting signed deliveries to it.
 */
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EXAMPLE_SECRETS as SECRETS, startExampleApp, type RunningExampleApp } from "../fixtures/example-app.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");
const main = join(root, "src/cli/main.ts");

let app: RunningExampleApp;
let base: string;
let received: readonly string[];
beforeAll(async () => {
  app = await startExampleApp();
  ({ base, received } = app);
});
afterAll(() => app.close());

/** Runs the CLI asynchronously: the server answering it lives in this process's event loop. */
function cli(args: readonly string[], env: Record<string, string | undefined> = process.env) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(tsx, [main, ...args], { cwd: root, env, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}

describe("test-webhook against the example Express app", () => {
  it("Stripe payment_intent.succeeded: a fresh, signed sample reaches the typed handler", async () => {
    const before = received.length;
    const r = await cli(["test-webhook", "stripe", "--event", "payment_intent.succeeded", "--url", base]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^POST ${base}/webhooks/stripe/ payment_intent\\.succeeded \\(evt_test_[0-9a-f]{16}\\) → 200 \\{"status":"processed","paymentIntent":"test"\\}\\n$`),
    );
    expect(received.slice(before)).toContain("stripe: payment test succeeded for 0 test");
    // Fresh ids: a second run is not a duplicate.
    const again = await cli(["test-webhook", "stripe", "--event", "payment_intent.succeeded", "--url", `${base}/`]);
    expect(again.stdout).toContain('→ 200 {"status":"processed"');
  });

  it("GitHub issues.opened: event and delivery id headers, action in the body", async () => {
    const r = await cli(["test-webhook", "github", "--event", "issues.opened", "--url", base]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^POST ${base}/webhooks/github/ issues\\.opened \\([0-9a-f-]{36}\\) → 200 \\{"status":"processed"\\}\\n$`),
    );
    expect(received.some((line) => line.startsWith("github: test#0 opened: test"))).toBe(true);
  });

  it("Slack app_mention", async () => {
    const r = await cli(["test-webhook", "slack", "--event", "app_mention", "--url", base]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^POST ${base}/webhooks/slack/ app_mention \\(Ev_test_[0-9a-f]{16}\\) → 200 \\{"status":"processed"\\}\\n$`));
  });

  it("--payload sends a file as-is; --secret overrides the env var", async () => {
    const file = join(root, "examples/payloads/stripe.payment_intent.succeeded.json");
    const r = await cli(["test-webhook", "stripe", "--event", "payment_intent.succeeded", "--url", base, "--payload", file, "--secret", SECRETS.STRIPE_WEBHOOK_SECRET], {
      ...process.env,
      STRIPE_WEBHOOK_SECRET: undefined,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/payment_intent\.succeeded \(evt_\w+\) → 200 \{"status":"(processed|duplicate)"/);
  });

  it("a wrong secret → 401 and exit 1; the secret is never printed", async () => {
    const r = await cli(["test-webhook", "stripe", "--event", "payment_intent.succeeded", "--url", base], {
      ...process.env,
      STRIPE_WEBHOOK_SECRET: "whsec_not_the_servers",
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ → 401 /);
    expect(r.stdout + r.stderr).not.toContain("whsec_not_the_servers");
  });
});

describe("test-webhook errors", () => {
  it("an unknown event suggests the nearest name; exit 2", async () => {
    const r = await cli(["test-webhook", "stripe", "--event", "payment.succeeded", "--url", base]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown event "payment.succeeded" of stripe — did you mean "payment_intent.succeeded"?');
    expect(r.stdout).toBe("");
  });

  it("an unknown provider or webhook suggests too", async () => {
    const provider = await cli(["test-webhook", "strpe", "--event", "x", "--url", base]);
    expect(provider.code).toBe(2);
    expect(provider.stderr).toContain('unknown provider "strpe" in providers/ — did you mean "stripe"? (known: github, slack, stripe)');
    const webhook = await cli(["test-webhook", "stripe", "--webhook", "defualt", "--event", "invoice.paid", "--url", base]);
    expect(webhook.stderr).toContain('unknown webhook "defualt" of stripe — did you mean "default"?');
  });

  it("a missing secret names the env var; exit 2", async () => {
    const r = await cli(["test-webhook", "stripe", "--event", "invoice.paid", "--url", base], { ...process.env, STRIPE_WEBHOOK_SECRET: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: no signing secret: set STRIPE_WEBHOOK_SECRET (the secret your server verifies with) or pass --secret\n");
  });

  it("an unreachable server → a clear message, exit 2", async () => {
    // A port that was just free: listen on it, then close.
    const closed = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => closed.once("listening", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await cli(["test-webhook", "stripe", "--event", "invoice.paid", "--url", `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: cannot reach http://127.0.0.1:${port}/webhooks/stripe/: ECONNREFUSED — is the server running?\n`);
  });

  it("--help shows examples; missing --url is a usage error", async () => {
    const help = await cli(["test-webhook", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
    expect((await cli(["test-webhook", "stripe", "--event", "invoice.paid"])).code).toBe(2);
  });
});
