/**
 * The multi-process Redis matrix: for each mode (matrix/modes.ts), 3 server processes on
 * 127.0.0.1 share Redis, and real signed Stripe deliveries (stripe's `generateTestHeaderString`)
 * arrive over keep-alive HTTP. Handler runs are counted through a side channel (a Redis hash the
 * children increment), never from our own answers. Rows:
 *
 * 1. 50 concurrent copies of each of 1,000 event ids → exactly one handler run per id, none lost;
 * 2. the pipeline's Redis (the suite's own redis-server: the shared 6379 is never stopped) shut
 *    down mid-run → 503 + Retry-After, no handler run for a delivery that could not be claimed,
 *    and once it is back every delivery retried as a provider would runs exactly once;
 * 3. SIGTERM to one instance during load → it drains and exits 0; every delivery retried until
 *    2xx as a provider would: 0 lost, 0 run twice.
 *
 * The figures are printed at the end. Skipped, saying why, without a Redis on 127.0.0.1:6379;
 * row 2 also without a runnable redis-server.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteKeys, REDIS_PORT, redisIsUp } from "../fixtures/redis.js";
import {
  killServer,
  pool,
  post,
  PrivateRedis,
  redisServerMissing,
  runsOf,
  signed,
  sparePort,
  startServer,
  type Answer,
  type MatrixServer,
  type Signed,
} from "./matrix/harness.js";
import { MODES, type MatrixMode, type MatrixServerConfig } from "./matrix/modes.js";

const redisUp = await redisIsUp();
const noRedisServer = redisUp ? redisServerMissing() : undefined;
if (noRedisServer !== undefined) console.log(`Redis matrix row "Redis stopped mid-run" skipped: ${noRedisServer}`);

/** One printed line of the matrix. */
interface Row {
  readonly mode: string;
  readonly row: string;
  readonly requests: number;
  readonly answers: string;
  readonly runs: string;
}
const printed: Row[] = [];

/** `200×998 409×2` style tally of answers. */
function tally(answers: readonly Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(String(a.status), (counts.get(String(a.status)) ?? 0) + 1);
  return [...counts].sort().map(([s, n]) => `${s}×${n}`).join(" ");
}

/** `1000 ids: 1000 ran once, 0 never, 0 more than once` from the side channel. */
function runSummary(ids: readonly string[], runs: ReadonlyMap<string, number>): { once: number; never: number; twice: number; extra: number; text: string } {
  let once = 0;
  let never = 0;
  let twice = 0;
  for (const id of ids) {
    const n = runs.get(id) ?? 0;
    if (n === 1) once++;
    else if (n === 0) never++;
    else twice++;
  }
  const known = new Set(ids);
  const extra = [...runs.keys()].filter((id) => !known.has(id)).length;
  return { once, never, twice, extra, text: `${ids.length} ids: ${once} ran once, ${never} lost, ${twice} ran twice+` };
}

/** Sends `delivery` as a provider would until it is answered 2xx: the next live instance after a refusal, 409 or 5xx. */
async function deliverUntil2xx(servers: readonly MatrixServer[], delivery: Signed, start: number, answers: Answer[], isLive: (s: MatrixServer) => boolean): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const live = servers.filter(isLive);
    const server = live[(start + attempt) % live.length]!;
    const answer = await post(server, delivery);
    answers.push(answer);
    if (typeof answer.status === "number" && answer.status >= 200 && answer.status < 300) return;
    // A provider backs off before retrying; a short pause keeps a retry from spinning on a
    // reconnecting instance (not a timed assertion: nothing is measured).
    if (attempt > 2) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`delivery ${delivery.id} never answered 2xx`);
}

describe.skipIf(!redisUp)("Redis matrix: several server processes sharing Redis", () => {
  let side: Redis;
  const runPrefix = `sai-test:${process.pid}:${randomUUID()}:matrix:`;

  beforeAll(() => {
    side = new Redis({ host: "127.0.0.1", port: REDIS_PORT });
  });

  afterAll(async () => {
    await deleteKeys(side, `${runPrefix}*`);
    await side.quit();
    if (printed.length === 0) return;
    const lines = printed.map((r) => `| ${r.mode} | ${r.row} | ${r.requests} | ${r.answers} | ${r.runs} |`);
    console.log(
      ["", "Redis matrix (server processes on 127.0.0.1, handler runs counted in a Redis side channel):", "| mode | row | requests | answers | handler runs |", "|---|---|---|---|---|", ...lines, ""].join("\n"),
    );
  });

  describe.each(MODES.map((m) => [m.name, m] as const))("mode %s", (_name, mode: MatrixMode) => {
    const config = (row: string, redisPort: number, handlerMs: number, debug: boolean): MatrixServerConfig => ({
      mode: mode.name,
      redisPort,
      prefix: `${runPrefix}${mode.name}:${row}:`,
      sidePrefix: `${runPrefix}${mode.name}:${row}:side:`,
      handlerMs,
      debug,
    });
    const start = (cfg: MatrixServerConfig) => Promise.all(Array.from({ length: mode.servers }, () => startServer(cfg)));

    it(`${mode.servers} processes, 50 concurrent copies of each of 1,000 event ids → exactly one handler run per id, none lost`, async () => {
      const cfg = config("copies", REDIS_PORT, 2, false);
      const servers = await start(cfg);
      try {
        const ids = Array.from({ length: 1000 }, (_, i) => `evt_copies_${i}_${randomUUID().slice(0, 8)}`);
        const answers: Answer[] = [];
        const processedPerId = new Map<string, number>();
        await pool(ids, 16, async (id) => {
          const delivery = signed(id);
          const copies = await Promise.all(Array.from({ length: 50 }, (_, c) => post(servers[c % servers.length]!, delivery)));
          answers.push(...copies);
          processedPerId.set(id, copies.filter((a) => a.status === 200).length);
        });
        const runs = await runsOf(side, cfg.sidePrefix);
        const summary = runSummary(ids, runs);
        printed.push({ mode: mode.name, row: "50 copies × 1,000 ids", requests: answers.length, answers: tally(answers), runs: summary.text });
        expect(answers).toHaveLength(50_000);
        // Only 200 (processed, or duplicate once done) and 409 (in flight: the provider retries) are right.
        expect(answers.filter((a) => a.status !== 200 && a.status !== 409)).toEqual([]);
        expect({ once: summary.once, never: summary.never, twice: summary.twice, extra: summary.extra }).toEqual({ once: 1000, never: 0, twice: 0, extra: 0 });
        expect([...processedPerId.values()].every((n) => n >= 1)).toBe(true);
      } finally {
        await Promise.all(servers.map(killServer));
      }
    });

    it.skipIf(noRedisServer !== undefined)(
      `${mode.servers} processes, their Redis stopped mid-run → 503 + Retry-After, no handler run without a claim, recovery when it returns`,
      async () => {
        const redis = new PrivateRedis(await sparePort());
        await redis.start();
        let servers: MatrixServer[] = [];
        try {
          const cfg = config("outage", redis.port, 2, true);
          servers = await start(cfg);
          const ids = Array.from({ length: 600 }, (_, i) => `evt_outage_${i}_${randomUUID().slice(0, 8)}`);
          const deliveries = new Map(ids.map((id) => [id, signed(id)] as const));
          const first = new Map<string, Answer>();
          const firstPass: Answer[] = [];
          let unavailable = 0;
          let stopping: Promise<void> | undefined;
          let restarting: Promise<void> | undefined;
          let answeredAfterRestart = 0;
          // First pass: each id sent once. After 150 answers Redis is shut down; after 30 of the
          // 503s that follow it is started again (empty: no persistence), while deliveries go on.
          await pool(ids, 12, async (id, i) => {
            if (stopping !== undefined && restarting === undefined && unavailable < 30) await stopping;
            const answer = await post(servers[i % servers.length]!, deliveries.get(id)!);
            first.set(id, answer);
            firstPass.push(answer);
            if (answer.status === 503) unavailable++;
            if (restarting !== undefined && answer.status === 200) answeredAfterRestart++;
            if (firstPass.length === 150 && stopping === undefined) stopping = redis.stop();
            if (unavailable >= 30 && restarting === undefined) restarting = stopping!.then(() => redis.start());
          });
          await restarting;
          // Nothing ran for a delivery that was not claimed: an id answered 503 has no run yet.
          const beforeRetries = await runsOf(side, cfg.sidePrefix);
          const refused = ids.filter((id) => first.get(id)!.status === 503);
          const ranUnclaimed = refused.filter((id) => (beforeRetries.get(id) ?? 0) > 0);
          // Recovery: every delivery not answered 2xx is retried, as the provider would, until it is.
          const retries: Answer[] = [];
          const pending = ids.filter((id) => first.get(id)!.status !== 200);
          await pool(pending, 12, (id, i) => deliverUntil2xx(servers, deliveries.get(id)!, i, retries, () => true));
          const runs = await runsOf(side, cfg.sidePrefix);
          const summary = runSummary(ids, runs);
          printed.push({
            mode: mode.name,
            row: "Redis stopped mid-run, restarted",
            requests: firstPass.length + retries.length,
            answers: `first pass ${tally(firstPass)}; retries ${tally(retries)}`,
            runs: `${summary.text}; ${ranUnclaimed.length} of ${refused.length} refused (503) ids ran before their retry`,
          });
          expect(refused.length).toBeGreaterThanOrEqual(30);
          expect(firstPass.filter((a) => a.status === 503).every((a) => a.retryAfter === "5")).toBe(true);
          expect(firstPass.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
          expect(ranUnclaimed).toEqual([]);
          expect({ once: summary.once, never: summary.never, twice: summary.twice, extra: summary.extra }).toEqual({ once: 600, never: 0, twice: 0, extra: 0 });
          expect(retries.filter((a) => a.status === 200).length).toBe(pending.length);
          expect(answeredAfterRestart + pending.length).toBeGreaterThan(0);
        } finally {
          await Promise.all(servers.map(killServer));
          await redis.dispose();
        }
      },
    );

    it(`${mode.servers} processes, SIGTERM to one during load → it drains and exits 0; 0 lost, 0 run twice`, async () => {
      const cfg = config("sigterm", REDIS_PORT, 25, true);
      const servers = await start(cfg);
      try {
        const ids = Array.from({ length: 900 }, (_, i) => `evt_sigterm_${i}_${randomUUID().slice(0, 8)}`);
        const answers: Answer[] = [];
        const victim = servers[0]!;
        let exited = false;
        let signalled: Promise<{ code: number | null; drained: { abandoned: number } | undefined }> | undefined;
        const isLive = (s: MatrixServer) => s !== victim || !exited;
        await pool(ids, 30, async (id, i) => {
          await deliverUntil2xx(servers, signed(id), i, answers, isLive);
          if (i >= 200 && signalled === undefined) {
            signalled = victim.exited;
            void signalled.then(() => (exited = true));
            victim.child.kill("SIGTERM");
          }
        });
        const exit = await signalled!;
        const runs = await runsOf(side, cfg.sidePrefix);
        const summary = runSummary(ids, runs);
        const drained = answers.filter((a) => a.status === 503).length;
        printed.push({
          mode: mode.name,
          row: "SIGTERM to 1 of 3 during load",
          requests: answers.length,
          answers: `${tally(answers)} (victim exit ${exit.code}, abandoned ${exit.drained?.abandoned ?? "?"})`,
          runs: summary.text,
        });
        expect(exit.code).toBe(0);
        expect(exit.drained).toEqual(expect.objectContaining({ abandoned: 0 }));
        expect(drained + answers.filter((a) => a.status === "refused").length).toBeGreaterThan(0);
        expect({ once: summary.once, never: summary.never, twice: summary.twice, extra: summary.extra }).toEqual({ once: 900, never: 0, twice: 0, extra: 0 });
      } finally {
        await Promise.all(servers.map(killServer));
      }
    });
  });
});
