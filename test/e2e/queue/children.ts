/**
 * Spawning and killing the queue tests' child processes (test/e2e/queue/app.ts), and the signed
 * deliveries they receive.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import Stripe from "stripe";
import { SECRETS } from "../../fixtures/definitions.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const stripe = new Stripe("sk_test_dummy");

/** A started child: its process, and its base URL when it serves HTTP. */
export interface Child {
  readonly process: ChildProcess;
  readonly base: string | undefined;
}

/** Starts test/e2e/queue/app.ts in `role`; resolves once it listens (server) or is ready (worker). */
export function startChild(role: "server" | "worker", env: Record<string, string>, logs?: (text: string) => void): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/e2e/queue/app.ts"], {
    cwd: root,
    // With `logs`, every line of the runtime's debug namespaces goes to it (e.g. a leak check).
    env: { ...process.env, ...env, ROLE: role, ...(logs === undefined ? { DEBUG: "" } : { DEBUG: "smart-api-integrations:*", LOGS: "1" }) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    if (logs !== undefined) logs(text);
    else stderr += text;
  });
  if (logs !== undefined) child.stdout!.on("data", (chunk: Buffer) => logs(chunk.toString()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ process: child, base: `http://127.0.0.1:${m[1]}` });
      else if (out.includes("ready")) resolve({ process: child, base: undefined });
    });
    child.once("exit", (code, signal) => reject(new Error(`${role} exited (${code ?? signal}) before it was ready: ${stderr}`)));
  });
}

/** Sends `signal` and resolves once the child has exited. */
export function stopChild(child: Child | undefined, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  const p = child?.process;
  return new Promise((resolve) => {
    if (p === undefined || p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once("exit", () => resolve());
    p.kill(signal);
  });
}

/** A signed Stripe delivery (the official SDK's test signer). */
export function stripeDelivery(id: string, object: Record<string, unknown> = {}): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ id, type: "payment_intent.succeeded", created: Math.floor(Date.now() / 1000), data: { object: { id: `pi_${id}`, ...object } } });
  return { body, headers: { "content-type": "application/json", "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRETS.stripe }) } };
}

/** A signed Slack Events API delivery (Slack publishes the scheme, v0 HMAC-SHA256, not a signer). */
export function slackDelivery(eventId: string, event: Record<string, unknown> = {}): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ type: "event_callback", event_id: eventId, event_time: Math.floor(Date.now() / 1000), event: { type: "app_mention", ...event } });
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac("sha256", SECRETS.slack).update(`v0:${ts}:${body}`).digest("hex");
  return { body, headers: { "content-type": "application/json", "x-slack-request-timestamp": ts, "x-slack-signature": `v0=${sig}` } };
}

export { deleteKeys } from "../../fixtures/redis.js";
