/**
 * `ordering: per_object` across instances, end to end: 3 server processes (node:http, each its
 * own Redis client) share dedupe, ordering and dead-letter state on the real Redis at
 * 127.0.0.1:6379 (skipped, saying why, when none is running). Deliveries are signed with
 * stripe's own `generateTestHeaderString`; what ran is read from the side channel the children
 * write (a Redis list), and what was kept from the RedisDeadLetterStore, not from our answers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisDeadLetterStore } from "../../../src/runtime/stores/redis-dead-letters.js";
import { SECRETS } from "../../fixtures/definitions.js";
import { commands, deleteKeys, REDIS_HOST as HOST, REDIS_PORT as PORT, redisIsUp } from "../../fixtures/redis.js";

const redisUp = await redisIsUp();
const root = fileURLToPath(new URL("../../../", import.meta.url));
const stripe = new Stripe("sk_test_dummy");
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

interface Instance {
  readonly child: ChildProcess;
  readonly port: number;
}

function startInstance(config: { prefix: string; redisPort: number; dedupe: boolean }): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/e2e/ordering/server.ts", JSON.stringify(config)], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const match = /READY (\d+)\n/.exec(buffer);
      if (match !== null) resolve({ child, port: Number(match[1]) });
    });
    child.once("exit", (code) => reject(new Error(`instance exited before READY (${code})`)));
  });
}

function stop(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    instance.child.once("exit", () => resolve());
    instance.child.kill("SIGTERM");
  });
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Sent {
  readonly id: string;
  readonly object: string;
  readonly created: number;
}

interface Answer extends Sent {
  readonly status: number;
  readonly body: { status?: string; error?: string };
  readonly retryAfter: string | undefined;
}

let seq = 0;
function event(object: string, created: number): Sent {
  return { id: `evt_${randomUUID().slice(0, 8)}_${++seq}`, object, created };
}

/** POSTs `sent` as a signed Stripe `payment_intent.succeeded` delivery to `instance`. */
function deliver(instance: Instance, sent: Sent): Promise<Answer> {
  const body = JSON.stringify({ id: sent.id, type: "payment_intent.succeeded", created: sent.created, data: { object: { id: sent.object, status: `at ${sent.created}` } } });
  const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRETS.stripe });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: HOST, port: instance.port, path: "/webhooks/stripe/", method: "POST", agent, headers: { "content-type": "application/json", "stripe-signature": signature } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ ...sent, status: res.statusCode ?? 0, body: JSON.parse(text) as Answer["body"], retryAfter: res.headers["retry-after"] as string | undefined }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe.skipIf(!redisUp)("ordering: per_object across 3 instances sharing the real Redis", () => {
  const prefix = `sai-test:${process.pid}:${randomUUID()}:`;
  let client: Redis;
  let deadLetters: RedisDeadLetterStore;
  let instances: Instance[] = [];
  const T = Math.floor(Date.now() / 1000) - 3600;

  /** What the handlers ran, in the order they ran: `[event id, created]`. */
  async function dispatched(): Promise<[string, number][]> {
    return (await client.lrange(`${prefix}dispatched`, 0, -1)).map((line) => {
      const [id, created] = line.split(" ");
      return [id!, Number(created)];
    });
  }

  async function kept(): Promise<Map<string, string>> {
    const entries = await deadLetters.list({ limit: 10_000 });
    return new Map(entries.map((e) => [e.id, e.reason]));
  }

  beforeAll(async () => {
    client = new Redis({ host: HOST, port: PORT });
    deadLetters = new RedisDeadLetterStore({ redis: commands(client), prefix: `{${prefix}dl}:` });
    instances = await Promise.all([0, 1, 2].map(() => startInstance({ prefix, redisPort: PORT, dedupe: true })));
  });

  afterAll(async () => {
    await Promise.all(instances.map(stop));
    agent.destroy();
    // The prefix holds no glob character (pid, uuid, colons); braces are literal in MATCH.
    for (const pattern of [`${prefix}*`, `{${prefix}dl}:*`]) await deleteKeys(client, pattern);
    await client.quit();
  });

  it("one object's deliveries sent out of order, round-robin over the 3 instances: only newer states run, the newest last; older ones are kept as stale", async () => {
    const events = [3, 1, 5, 2, 6, 4].map((k) => event("pi_ooo", T + k));
    const answers: Answer[] = [];
    for (const [i, e] of events.entries()) answers.push(await deliver(instances[i % 3]!, e));
    expect(answers.map((a) => [a.created - T, a.status, a.body.status])).toEqual([
      [3, 200, "processed"],
      [1, 200, "stale"],
      [5, 200, "processed"],
      [2, 200, "stale"],
      [6, 200, "processed"],
      [4, 200, "stale"],
    ]);
    const ran = (await dispatched()).filter(([id]) => events.some((e) => e.id === id));
    expect(ran.map(([, created]) => created - T)).toEqual([3, 5, 6]);
    const reasons = await kept();
    expect(events.filter((e) => reasons.get(e.id) === "stale").map((e) => e.created - T)).toEqual([1, 2, 4]);
    expect(Number(await client.get(`${prefix}order:stripe:default:pi_ooo`))).toBe((T + 6) * 1000);
  });

  it("two genuine events of one object in the same second, on different instances, both run", async () => {
    const a = event("pi_tie", T + 10);
    const b = event("pi_tie", T + 10);
    expect((await deliver(instances[0]!, a)).body.status).toBe("processed");
    expect((await deliver(instances[1]!, b)).body.status).toBe("processed");
    const ran = (await dispatched()).map(([id]) => id);
    expect(ran).toContain(a.id);
    expect(ran).toContain(b.id);
  });

  it("concurrent shuffled deliveries of 30 objects over 3 instances: each runs or is kept stale (never both, never neither), the newest of each always runs", async () => {
    const objects = Array.from({ length: 30 }, (_, i) => `pi_burst_${i}`);
    const events = objects.flatMap((o) => [1, 2, 3, 4, 5].map((k) => event(o, T + 100 + k)));
    const shuffled = [...events].sort(() => Math.random() - 0.5);
    const answers = await Promise.all(shuffled.map((e, i) => deliver(instances[i % 3]!, e)));
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    const ran = new Set((await dispatched()).map(([id]) => id));
    const reasons = await kept();
    for (const e of events) {
      const outcome = ran.has(e.id) ? "ran" : reasons.get(e.id) === "stale" ? "stale" : "lost";
      expect(ran.has(e.id) && reasons.has(e.id), `${e.id} ran and was kept`).toBe(false);
      expect(outcome, `${e.object} @${e.created - T}`).not.toBe("lost");
      if (e.created === T + 105) expect(outcome, `newest of ${e.object}`).toBe("ran");
    }
    // What each instance answered agrees with the shared record.
    for (const a of answers) expect(a.body.status, a.id).toBe(ran.has(a.id) ? "processed" : "stale");
    // Once the newest of an object was handled, its older ones redelivered anywhere are all stale.
    const again = objects.flatMap((o) => [1, 2, 3, 4].map((k) => event(o, T + 100 + k)));
    const late = await Promise.all(again.map((e, i) => deliver(instances[i % 3]!, e)));
    expect(late.map((a) => a.body.status)).toEqual(again.map(() => "stale"));
    const ranNow = new Set((await dispatched()).map(([id]) => id));
    expect(again.filter((e) => ranNow.has(e.id))).toEqual([]);
  });

  it("answers 503 + Retry-After, runs nothing and records nothing, when the ordering store's Redis is unreachable", async () => {
    const down = await startInstance({ prefix, redisPort: await closedPort(), dedupe: false });
    try {
      const e = event("pi_down", T + 1);
      const answer = await deliver(down, e);
      expect([answer.status, answer.body, answer.retryAfter]).toEqual([503, { error: "temporarily unavailable" }, "5"]);
      expect((await dispatched()).map(([id]) => id)).not.toContain(e.id);
      expect((await kept()).has(e.id)).toBe(false);
    } finally {
      await stop(down);
    }
  });
});
