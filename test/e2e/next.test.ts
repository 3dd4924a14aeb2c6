/**
 * End to end on real Next.js: examples/next-app (App Router) and examples/next-pages (Pages
 * Router) are built with `next build` and served with `next start` on 127.0.0.1; deliveries are
 * signed by the providers' SDKs and sent with fetch; each app's handlers report what they got on a
 * GET route. Each build runs once, in its describe's beforeAll.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { sign as signGitHub } from "@octokit/webhooks-methods";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planGeneration } from "../../src/cli/plan.js";
import { EXAMPLE_SECRETS as SECRETS } from "../fixtures/example-app.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const nextBin = fileURLToPath(new URL("../../node_modules/next/dist/bin/next", import.meta.url));
const BUILD_TIMEOUT_MS = 300_000;
const payload = (name: string) => readFileSync(new URL(`../../examples/payloads/${name}`, import.meta.url), "utf8");
const stripeSdk = new Stripe("sk_test_e2e_next");

/** Runs `next <args>` from the repository root; `detached` puts it in its own process group. */
function runNext(args: readonly string[], env: Record<string, string>): { child: ChildProcess; output: string[] } {
  const output: string[] = [];
  const child = spawn(process.execPath, [nextBin, ...args], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk: Buffer) => void output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => void output.push(chunk.toString()));
  return { child, output };
}

async function build(app: string): Promise<void> {
  // webpack, not Turbopack: generated/ imports its TypeScript files by `.js` names, which only
  // webpack's `experimental.extensionAlias` maps back (see the apps' next.config.mjs).
  const { child, output } = runNext(["build", "--webpack", `examples/${app}`], {});
  const started = Date.now();
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  console.info(`next build examples/${app}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (code !== 0) throw new Error(`next build examples/${app} exited ${code}:\n${output.join("")}`);
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface RunningApp {
  readonly base: string;
  readonly output: string[];
  stop(): Promise<void>;
}

async function start(app: string, readyPath: string): Promise<RunningApp> {
  const port = await freePort();
  const { child, output } = runNext(["start", `examples/${app}`, "-H", "127.0.0.1", "-p", String(port)], { ...SECRETS });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM"); // our own group only
    await exited;
  };
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(base + readyPath)).ok) return { base, output, stop };
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null || attempt > 150) {
      await stop();
      throw new Error(`next start examples/${app} did not come up:\n${output.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stripeDelivery(id: string) {
  const event = JSON.parse(payload("stripe.payment_intent.succeeded.json")) as { id: string };
  event.id = id;
  const body = JSON.stringify(event);
  const header = stripeSdk.webhooks.generateTestHeaderString({ payload: body, secret: SECRETS.STRIPE_WEBHOOK_SECRET });
  return { body, headers: { "content-type": "application/json", "stripe-signature": header } };
}

async function githubDelivery() {
  const body = payload("github.issues.opened.json");
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await signGitHub(SECRETS.GITHUB_WEBHOOK_SECRET, body),
    },
  };
}

function slackDelivery() {
  const body = payload("slack.app_mention.json");
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", SECRETS.SLACK_SIGNING_SECRET).update(`v0:${ts}:${body}`).digest("hex")}`;
  return { body, headers: { "content-type": "application/json", "x-slack-request-timestamp": ts, "x-slack-signature": signature } };
}

/** The deliveries both routers must get right; `prefix` is where the app's webhook files live. */
function sharedCases(app: () => RunningApp, prefix: string, receivedPath: string): void {
  const post = async (path: string, d: { body: string; headers: Record<string, string> }) => {
    const res = await fetch(app().base + prefix + path, { method: "POST", body: d.body, headers: d.headers });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const received = async () => (await (await fetch(app().base + receivedPath)).json()) as string[];

  it("runs the typed Stripe handler once for a signed delivery, and answers its redelivery duplicate", async () => {
    const before = (await received()).length;
    const d = stripeDelivery(`evt_next_${randomUUID()}`);
    expect(await post("/webhooks/stripe", d)).toEqual({
      status: 200,
      body: { status: "processed", paymentIntent: "pi_1PgafyB7WZ01zgkWSjxsAJo3" },
    });
    const lines = await received();
    // Exactly the middleware line and the handler's: the handlers were registered once, not once per route bundle.
    expect(lines.slice(before)).toEqual([
      "middleware: stripe payment_intent.succeeded at 2023-11-14T22:13:20.000Z",
      "stripe: payment pi_1PgafyB7WZ01zgkWSjxsAJo3 succeeded for 1099 usd",
    ]);
    expect(await post("/webhooks/stripe", d)).toEqual({ status: 200, body: { status: "duplicate" } });
    expect(await received()).toEqual(lines);
  });

  it("answers 401 for a tampered body and runs no handler", async () => {
    const before = (await received()).length;
    const d = stripeDelivery(`evt_next_${randomUUID()}`);
    expect(await post("/webhooks/stripe", { ...d, body: d.body.replace("1099", "1") })).toEqual({
      status: 401,
      body: { error: "invalid signature" },
    });
    expect(await received()).toHaveLength(before);
  });

  it("runs the GitHub handler (signed by @octokit/webhooks-methods) and the Slack one", async () => {
    const before = (await received()).length;
    expect(await post("/webhooks/github", await githubDelivery())).toEqual({ status: 200, body: { status: "processed" } });
    expect(await post("/webhooks/slack", slackDelivery())).toEqual({ status: 200, body: { status: "processed" } });
    expect((await received()).slice(before)).toEqual([
      "github: Codertocat/Hello-World#1 opened: Spelling error in the README file",
      "slack: mentioned in C123ABC456: <@U0LAN0Z89> is it everything a river should be?",
    ]);
  });
}

describe("the examples' route files are generate's output", () => {
  it.each([
    ["next-app", { nextAppDir: "examples/next-app/app" }],
    ["next-pages", { nextPagesDir: "examples/next-pages/pages" }],
  ] as const)("examples/%s, from its templates/", async (framework, dirs) => {
    const plan = await planGeneration({
      cwd: root,
      providersDir: "providers",
      include: ["github", "slack", "stripe"], // what package.json's include generates
      outDir: "generated",
      frameworks: [framework],
      templatesDir: `examples/${framework}/templates`,
      ...dirs,
    });
    const ours = plan.files.map((f) => f.path).filter((path) => path.includes(`examples/${framework}/`));
    expect(ours).toHaveLength(3);
    const stale = [...plan.missing, ...plan.changed].filter((path) => path.includes(`examples/${framework}/`));
    expect(stale).toEqual([]);
  });
});

describe("Next.js App Router (examples/next-app: next build, next start)", () => {
  let app: RunningApp | undefined;
  beforeAll(async () => {
    await build("next-app");
    app = await start("next-app", "/received");
  }, BUILD_TIMEOUT_MS);
  afterAll(() => app?.stop());

  sharedCases(() => app!, "", "/received");

  it("leaves other methods to Next, which answers 405", async () => {
    expect((await fetch(`${app!.base}/webhooks/stripe`)).status).toBe(405);
  });
});

describe("Next.js Pages Router (examples/next-pages: next build, next start)", () => {
  let app: RunningApp | undefined;
  beforeAll(async () => {
    await build("next-pages");
    app = await start("next-pages", "/api/received");
  }, BUILD_TIMEOUT_MS);
  afterAll(() => app?.stop());

  sharedCases(() => app!, "/api", "/api/received");

  it("answers 405 with Allow: POST for another method", async () => {
    const res = await fetch(`${app!.base}/api/webhooks/stripe`);
    expect([res.status, res.headers.get("allow")]).toEqual([405, "POST"]);
  });

  it("answers 500, never accepting the delivery, when the page left Next's body parser on", async () => {
    const received = async () => ((await (await fetch(`${app!.base}/api/received`)).json()) as string[]).length;
    const before = await received();
    const d = stripeDelivery(`evt_next_${randomUUID()}`);
    const res = await fetch(`${app!.base}/api/body-parser-left-on`, { method: "POST", body: d.body, headers: d.headers });
    expect([res.status, await res.json()]).toEqual([500, { error: "internal error" }]);
    expect(app!.output.join("")).toContain("export `config = { api: { bodyParser: false } }`");
    expect(await received()).toBe(before);
  });
});
