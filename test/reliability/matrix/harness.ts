/**
 * What the Redis matrix drives: matrix server processes, signed Stripe deliveries over keep-alive
 * agents, the side channel's run counts, and a private `redis-server` the suite may stop.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import Stripe from "stripe";
import { SECRETS } from "../../fixtures/definitions.js";
import { sentSignatures } from "../deliveries.js";
import type { MatrixServerConfig } from "./modes.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const stripe = new Stripe("sk_test_dummy");

/** One running matrix server process. */
export interface MatrixServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly agent: Agent;
  /** Resolves with the exit code and the drain result once the process exits. */
  readonly exited: Promise<{ readonly code: number | null; readonly drained: { abandoned: number } | undefined }>;
}

/**
 * Starts matrix/server.ts with `config`; resolves once it listens. With `config.debug` the
 * child logs through the runtime's `debug` logger and its stderr is written to ours, where the
 * suite's log capture checks it for secrets and signatures like its own lines.
 */
export function startServer(config: MatrixServerConfig): Promise<MatrixServer> {
  const env = { ...process.env, DEBUG: config.debug ? "smart-api-integrations:*" : "" };
  const child = spawn(process.execPath, ["--import", "tsx", "test/reliability/matrix/server.ts", JSON.stringify(config)], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    // console.debug is captured and checked by the suite's log capture, but not shown.
    if (config.debug) console.debug(text);
    else if (stderr.length < 10_000) stderr += text;
  });
  let drained: { abandoned: number } | undefined;
  const exited = new Promise<{ code: number | null; drained: { abandoned: number } | undefined }>((resolve) =>
    child.once("exit", (code) => resolve({ code, drained })),
  );
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let nl: number;
      while ((nl = buffer.indexOf("\n")) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith("READY ")) resolve({ child, port: Number(line.slice(6)), agent: new Agent({ keepAlive: true, maxSockets: 64 }), exited });
        else if (line.startsWith("DRAINED ")) drained = JSON.parse(line.slice(8)) as { abandoned: number };
      }
    });
    child.once("exit", (code) => reject(new Error(`matrix server exited before READY (${code}): ${stderr.slice(0, 2000)}`)));
  });
}

/** Stops a server (SIGKILL: cleanup, not the drain under test) and its agent. */
export async function killServer(server: MatrixServer): Promise<void> {
  server.agent.destroy();
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const gone = server.exited;
  server.child.kill("SIGKILL");
  await gone;
}

/** A signed delivery, ready to be sent any number of times (copies are byte-identical, as a provider's redeliveries of one attempt). */
export interface Signed {
  readonly id: string;
  readonly body: string;
  readonly signature: string;
}

/** Signs a Stripe `payment_intent.succeeded` for event `id` with stripe's own test signer. */
export function signed(id: string): Signed {
  const body = JSON.stringify({ id, type: "payment_intent.succeeded", created: Math.floor(Date.now() / 1000), data: { object: { id: `pi_${id}` } } });
  const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRETS.stripe });
  // The suite's log check looks for every MAC sent in everything logged (the children's lines too).
  for (const match of signature.matchAll(/[0-9a-f]{64}/g)) sentSignatures.add(match[0]);
  return { id, body, signature };
}

/** How one POST ended: the status and Retry-After, or `refused` when nothing was answered. */
export interface Answer {
  readonly status: number | "refused";
  readonly retryAfter: string | undefined;
}

/** POSTs `delivery` to `server`; a refused or reset connection is `refused` (not delivered). */
export function post(server: MatrixServer, delivery: Signed): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: server.port,
        path: "/webhooks/stripe/",
        method: "POST",
        agent: server.agent,
        headers: { "content-type": "application/json", "stripe-signature": delivery.signature },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] as string | undefined }));
        res.on("error", () => resolve({ status: "refused", retryAfter: undefined }));
      },
    );
    req.on("error", () => resolve({ status: "refused", retryAfter: undefined }));
    req.end(delivery.body);
  });
}

/** Runs `task` over `items` with at most `concurrency` at once. */
export async function pool<T>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Handler runs per event id, from the side channel. */
export async function runsOf(side: Redis, sidePrefix: string): Promise<Map<string, number>> {
  const all = await side.hgetall(`${sidePrefix}runs`);
  return new Map(Object.entries(all).map(([id, n]) => [id, Number(n)]));
}

/** A port nothing listens on right now. */
export async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Why a private redis-server cannot be started, or `undefined` when it can. */
export function redisServerMissing(): string | undefined {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  return probe.error === undefined && probe.status === 0 ? undefined : `redis-server not runnable (${probe.error?.message ?? probe.stderr})`;
}

/**
 * A redis-server of the suite's own on a spare port (no persistence, so a restart starts empty),
 * which it may stop and restart without touching the shared Redis on 6379.
 */
export class PrivateRedis {
  readonly #dir = mkdtempSync(join(tmpdir(), "sai-matrix-redis-"));
  constructor(readonly port: number) {}

  /** Starts it (daemonized) and waits until it answers PING. */
  async start(): Promise<void> {
    const started = spawnSync("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes", "--dir", this.#dir, "--pidfile", join(this.#dir, "redis.pid"), "--logfile", join(this.#dir, "redis.log")], { encoding: "utf8" });
    if (started.status !== 0) throw new Error(`redis-server did not start: ${started.stderr}`);
    for (let attempt = 0; attempt < 200; attempt++) {
      if (await this.#pings()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`redis-server on ${this.port} did not answer PING`);
  }

  /** SHUTDOWN NOSAVE: gone at once, its keys with it. */
  async stop(): Promise<void> {
    const client = new Redis({ host: "127.0.0.1", port: this.port, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.call("SHUTDOWN", "NOSAVE").catch(() => undefined); // the connection closes: no reply
    } catch {
      // already down
    } finally {
      client.disconnect();
    }
    for (let attempt = 0; attempt < 200 && (await this.#pings()); attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  /** Stops it if running and removes its directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  async #pings(): Promise<boolean> {
    const client = new Redis({ host: "127.0.0.1", port: this.port, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true, connectTimeout: 500 });
    client.on("error", () => {});
    try {
      await client.connect();
      return (await client.ping()) === "PONG";
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}
