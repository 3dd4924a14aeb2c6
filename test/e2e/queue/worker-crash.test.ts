/**
 * A worker killed with SIGKILL in the middle of a job, on the real Redis (skipped, saying why,
 * when none is running): a server process queues the delivery, worker A starts its handler and
 * dies; worker B, another process, picks the stalled job up once A's BullMQ lock and run lease
 * have expired, and completes it exactly once. Counted in Redis by the handlers themselves.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_HOST, REDIS_PORT, redisIsUp } from "../../fixtures/redis.js";
import { deleteKeys, startChild, stopChild, stripeDelivery, type Child } from "./children.js";

const redisUp = await redisIsUp();

describe.skipIf(!redisUp)("a queue worker killed with SIGKILL mid-job", () => {
  const run = `sai-test-${process.pid}-${randomUUID()}`;
  const env = { RUN: run, LEASE_MS: "3000", LOCK_MS: "2000" };
  let client: Redis;
  let server: Child | undefined;
  let a: Child | undefined;
  let b: Child | undefined;

  beforeAll(async () => {
    client = new Redis({ host: REDIS_HOST, port: REDIS_PORT });
    [server, a] = await Promise.all([startChild("server", env), startChild("worker", { ...env, HANG: "1" })]);
  });

  afterAll(async () => {
    await Promise.all([stopChild(server), stopChild(a), stopChild(b)]);
    await deleteKeys(client, `${run}*`);
    await client.quit();
  });

  it("runs the job to completion exactly once in another worker process", { timeout: 60_000 }, async () => {
    const id = `evt_${randomUUID()}`;
    const { body, headers } = stripeDelivery(id, { hang: true });
    const res = await fetch(`${server!.base}/webhooks/stripe/`, { method: "POST", headers, body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "queued" });

    // A has entered the handler (and hangs there): kill it without any shutdown.
    await expect.poll(() => client.get(`${run}:calls:${id}`), { timeout: 20_000 }).toBe("1");
    await stopChild(a, "SIGKILL");
    expect(a!.process.signalCode).toBe("SIGKILL");
    expect(await client.get(`${run}:runs:${id}`)).toBeNull();

    b = await startChild("worker", env);
    await expect.poll(() => client.get(`${run}:runs:${id}`), { timeout: 40_000 }).toBe("1");
    expect(await client.hget(`${run}:ranOn`, id)).toBe(String(b.process.pid));
    expect(await client.get(`${run}:calls:${id}`)).toBe("2"); // A's interrupted call and B's

    // A redelivery is a duplicate, and nothing runs the job again.
    const again = await fetch(`${server!.base}/webhooks/stripe/`, { method: "POST", headers, body });
    expect(await again.json()).toEqual({ status: "duplicate" });
    await stopChild(b, "SIGTERM"); // a graceful close: waits for running jobs, then exits
    expect(b.process.exitCode).toBe(0);
    expect(await client.get(`${run}:runs:${id}`)).toBe("1");
  });
});
