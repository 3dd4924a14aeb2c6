/**
 * Queue mode, exactly once under load across processes, on the real Redis (skipped, saying why,
 * when none is running): three server processes on 127.0.0.1 share the Redis dedupe store and
 * the BullMQ queue; two other processes run the workers. 1,000 event ids, 50 concurrent signed
 * copies of each spread over the three servers, each copy retried like a provider retries
 * (on 409 / 503) until it is acknowledged 2xx. Then every id's handler ran exactly once, none
 * was lost, and both worker processes took part. Runs are counted in Redis by the handlers.
 * Every debug line of the five processes goes to the suite's leak check (log-capture.ts): no
 * secret, signature or body in any log of the queue path.
 */
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import createDebug from "debug";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_HOST, REDIS_PORT, redisIsUp } from "../fixtures/redis.js";
import { deleteKeys, startChild, stopChild, stripeDelivery, type Child } from "../e2e/queue/children.js";
import { BODY_MARKER, sentSignatures } from "./deliveries.js";

const redisUp = await redisIsUp();

const IDS = 1_000;
const COPIES = 50;
/** Requests in flight at once (the provider side of 50,000 deliveries). */
const IN_FLIGHT = 200;

const agent = new Agent({ keepAlive: true, maxSockets: 100 });

function post(base: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL("/webhooks/stripe/", base);
    const req = request(url, { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe.skipIf(!redisUp)("queue mode: 3 servers, workers in 2 other processes, 50 copies of 1,000 ids", () => {
  const run = `sai-test-${process.pid}-${randomUUID()}`;
  const env = { RUN: run, LEASE_MS: "10000", LOCK_MS: "10000" };
  let client: Redis;
  let servers: Child[] = [];
  let workers: Child[] = [];

  beforeAll(async () => {
    client = new Redis({ host: REDIS_HOST, port: REDIS_PORT });
    // createDebug.log is log-capture's sink: captured and checked, not printed.
    const logs = (text: string): void => createDebug.log(text);
    servers = await Promise.all([0, 1, 2].map(() => startChild("server", env, logs)));
    workers = await Promise.all([0, 1].map(() => startChild("worker", env, logs)));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...servers, ...workers].map((c) => stopChild(c)));
    agent.destroy();
    await deleteKeys(client, `${run}*`);
    await client.quit();
  });

  it("runs every id's handler exactly once, none lost", { timeout: 600_000 }, async () => {
    const ids = Array.from({ length: IDS }, (_, i) => `evt_${i}_${randomUUID()}`);
    const signed = new Map(ids.map((id) => [id, stripeDelivery(id, { description: BODY_MARKER })]));
    for (const { headers } of signed.values()) for (const m of headers["stripe-signature"]!.matchAll(/[0-9a-f]{64}/g)) sentSignatures.add(m[0]);
    const answers = new Map<string, number>(); // "queued" answers per id
    const statuses = new Map<number, number>();
    // Copy c of every id goes to server c % 3; copies of one id are sent together.
    const jobs = ids.flatMap((id) => Array.from({ length: COPIES }, (_, c) => ({ id, server: servers[c % servers.length]! })));
    let next = 0;
    async function lane(): Promise<void> {
      while (next < jobs.length) {
        const { id, server } = jobs[next++]!;
        const { body, headers } = signed.get(id)!;
        for (let attempt = 0; ; attempt++) {
          // A connection the server closed (keep-alive race) is retried, as a provider would.
          const res = await post(server.base!, body, headers).catch(() => ({ status: 0, text: "" }));
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 200) {
            const status = (JSON.parse(res.text) as { status: string }).status;
            if (status === "queued") answers.set(id, (answers.get(id) ?? 0) + 1);
            else expect(status).toBe("duplicate");
            break;
          }
          // A provider retries what was not acknowledged: in flight (409), unavailable (503), no answer (0).
          expect([0, 409, 503]).toContain(res.status);
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
        }
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));

    // Every id was acknowledged `queued` exactly once; the rest were duplicates.
    expect(ids.filter((id) => answers.get(id) !== 1)).toEqual([]);
    // The workers drain the queue: every id runs, and none twice.
    await expect.poll(async () => Object.keys(await client.hgetall(`${run}:ranOn`)).length, { timeout: 300_000, interval: 500 }).toBe(IDS);
    const runs = await client.mget(ids.map((id) => `${run}:runs:${id}`));
    const calls = await client.mget(ids.map((id) => `${run}:calls:${id}`));
    expect(ids.filter((_, i) => runs[i] !== "1")).toEqual([]);
    expect(ids.filter((_, i) => calls[i] !== "1")).toEqual([]);
    const ranOn = new Set(Object.values(await client.hgetall(`${run}:ranOn`)));
    expect([...ranOn].sort()).toEqual(workers.map((w) => String(w.process.pid)).sort());
    console.log(`queue exactly-once: ${jobs.length} deliveries, answers by status ${JSON.stringify(Object.fromEntries(statuses))}`);
  });
});
