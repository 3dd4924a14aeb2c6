/**
 * The load generator, in its own process (usually under `taskset -c 1`; the servers are on
 * core 0): `node --import tsx http-load.ts <config.json> <out.json>`. Against two or more live
 * servers it runs a warm-up each, then short autocannon bursts cycling through them (order
 * reversed every pair), so each pair of bursts sees nearly the same machine load. Every request
 * is a distinct, correctly signed GitHub push (pool.ts delivery i of the target's seed, signed
 * here, per request); every answer is checked in onResponse (200 with the target's processed
 * body). The server's and this process's CPU time are sampled over every burst.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { BENCH_PATH } from "../lib/http-targets.js";
import { PROCESSED_BODY } from "../lib/ours.js";
import { payloads } from "../lib/payloads.js";
import { poolMaker } from "../lib/pool.js";
import { githubSignature } from "../lib/sign.js";

export interface LoadTarget {
  readonly id: string;
  readonly url: string;
  readonly serverPid: number;
  /** Deliveries are pool.ts `poolMaker(push, seed)(i)`, i = 0, 1, 2, … in request order. */
  readonly seed: number;
  /** The exact body of a processed delivery's 200 answer (ours and the bare servers: PROCESSED_BODY). */
  readonly okBody?: string;
}

export interface LoadConfig {
  readonly targets: readonly LoadTarget[];
  readonly connections: number;
  readonly warmupS: number;
  readonly burstS: number;
  /** Pairs of bursts (one burst per target each). */
  readonly pairs: number;
}

export interface Burst {
  readonly target: string;
  readonly pair: number;
  readonly rps: number;
  readonly p99: number;
  readonly serverCpu: number;
  readonly loadCpu: number;
}

export interface TargetTotals {
  /** Deliveries built (= requests started). */
  sent: number;
  /** Answers that were exactly 200 + the processed body. */
  expected: number;
  unexpected: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** The first few unexpected answers, verbatim. */
  samples: string[];
}

export interface LoadOut {
  readonly bursts: readonly Burst[];
  readonly totals: Record<string, TargetTotals>;
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

/** utime + stime of a process, in seconds (/proc/<pid>/stat fields 14 and 15, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const push = payloads().find((p) => p.id === "github.push");
if (!push) throw new Error("github.push payload missing");
const base = { "content-type": "application/json", "x-github-event": "push" };

/** One target's request template (a new delivery per request) and its running totals. */
function driver(t: LoadTarget): { requests: unknown[]; totals: TargetTotals } {
  const make = poolMaker(push as NonNullable<typeof push>, t.seed);
  const totals: TargetTotals = { sent: 0, expected: 0, unexpected: 0, non2xx: 0, errors: 0, timeouts: 0, samples: [] };
  const okBody = t.okBody ?? PROCESSED_BODY;
  const requests = [
    {
      method: "POST",
      path: BENCH_PATH,
      headers: base,
      body: push?.bytes,
      // Distinct body (so a distinct signature digest) and delivery id for every request.
      setupRequest: (req: Record<string, unknown>) => {
        const d = make(totals.sent++);
        return { ...req, body: d.bytes, headers: { ...base, "x-github-delivery": d.id, "x-hub-signature-256": githubSignature(d.bytes) } };
      },
      onResponse: (status: number, body: string) => {
        if (status === 200 && body === okBody) totals.expected++;
        else if (++totals.unexpected <= 3) totals.samples.push(`${status} ${String(body).slice(0, 120)}`);
      },
    },
  ];
  return { requests, totals };
}

async function main(): Promise<void> {
  const [configFile, outFile] = process.argv.slice(2);
  if (!configFile || !outFile) throw new Error("usage: http-load.ts <config.json> <out.json>");
  const cfg = JSON.parse(readFileSync(configFile, "utf8")) as LoadConfig;
  const drivers = new Map(cfg.targets.map((t) => [t.id, driver(t)]));
  const fire = async (t: LoadTarget, duration: number) => {
    const d = drivers.get(t.id) as ReturnType<typeof driver>;
    const r = await autocannon({ url: t.url, connections: cfg.connections, duration, requests: d.requests });
    d.totals.non2xx += r.non2xx;
    d.totals.errors += r.errors;
    d.totals.timeouts += r.timeouts;
    return r;
  };
  for (const t of cfg.targets) await fire(t, cfg.warmupS);
  const bursts: Burst[] = [];
  for (let pair = 0; pair < cfg.pairs; pair++) {
    const order = pair % 2 === 0 ? cfg.targets : [...cfg.targets].reverse();
    for (const t of order) {
      const s0 = cpuSeconds(t.serverPid);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await fire(t, cfg.burstS);
      const wallS = (performance.now() - t0) / 1000;
      const c1 = process.cpuUsage(c0);
      bursts.push({ target: t.id, pair, rps: r.requests.average, p99: r.latency.p99, serverCpu: (cpuSeconds(t.serverPid) - s0) / wallS, loadCpu: (c1.user + c1.system) / 1e6 / wallS });
    }
  }
  const out: LoadOut = { bursts, totals: Object.fromEntries([...drivers].map(([id, d]) => [id, d.totals])) };
  writeFileSync(outFile, JSON.stringify(out));
}

await main();
