/**
 * HTTP throughput on loopback, per framework: the framework doing the bare work vs the framework +
 * our adapter (from dist), and for node:http also @octokit/webhooks' createNodeMiddleware. Per
 * round the framework's servers start fresh, then the load generator alternates short bursts
 * between them, so each ratio compares adjacent moments. Servers and load generator are separate
 * processes pinned to separate cores with taskset (servers core 0, autocannon core 1) when
 * taskset is available. Next.js is listed as skipped (lib/http-targets.ts SKIPPED).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { childEnv } from "../lib/dist.js";
import { ADAPTERS, BENCH_PATH, HTTP_TARGETS, SKIPPED, STATS_PATH, type AdapterPair } from "../lib/http-targets.js";
import { DUPLICATE_BODY, PROCESSED_BODY } from "../lib/ours.js";
import { payloads } from "../lib/payloads.js";
import { poolMaker, tampered, type Delivery } from "../lib/pool.js";
import { ROOT } from "../lib/product.js";
import { githubSignature, WRONG_SECRET } from "../lib/sign.js";
import { fmtBytes, fmtMs, summarize } from "../lib/stats.js";
import { verdictMark, type Suite, type Table, type TargetCheck } from "../lib/suite.js";
import type { Burst, LoadConfig, LoadOut, LoadTarget } from "../children/http-load.js";

const SERVER_CORE = "0";
const LOAD_CORE = "1";

/** Whether `taskset -c <core>` works here (the binary exists and both cores are allowed). */
function tasksetWorks(): boolean {
  if (os.cpus().length < 2) return false;
  return [SERVER_CORE, LOAD_CORE].every((c) => spawnSync("taskset", ["-c", c, "true"], { stdio: "ignore" }).status === 0);
}

const pinned = (core: string | undefined, args: string[]): [string, string[]] => (core === undefined ? [process.execPath, args] : ["taskset", ["-c", core, process.execPath, ...args]]);

interface Started {
  readonly child: ChildProcess;
  readonly port?: number;
  readonly unavailable?: string;
}

function startServer(id: string, stage: string, core: string | undefined): Promise<Started> {
  return new Promise((resolve) => {
    const [cmd, args] = pinned(core, ["--import", "tsx", join(ROOT, "test/bench/children/http-server.ts"), id, stage]);
    const child = spawn(cmd, args, { cwd: ROOT, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const done = (s: Started) => {
      clearTimeout(timer);
      resolve(s);
    };
    const timer = setTimeout(() => done({ child, unavailable: `server did not start in 60 s: ${err.slice(-300)}` }), 60_000);
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const ready = /READY (\d+)/.exec(out);
      const un = /UNAVAILABLE (.*)/.exec(out);
      if (ready) done({ child, port: Number(ready[1]) });
      else if (un) done({ child, unavailable: un[1] ?? "unavailable" });
    });
    child.on("exit", (code) => done({ child, unavailable: `server exited ${code}: ${(err || out).trim().split("\n").slice(-3).join(" ")}` }));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function rssOf(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) * 1024;
  } catch {
    return Number.NaN;
  }
}

function runLoad(cfg: LoadConfig, dir: string, round: number, core: string | undefined): Promise<LoadOut | string> {
  const configFile = join(dir, `load-${round}.json`);
  const outFile = join(dir, `load-${round}.out.json`);
  writeFileSync(configFile, JSON.stringify(cfg));
  return new Promise((resolve) => {
    const [cmd, args] = pinned(core, ["--import", "tsx", join(ROOT, "test/bench/children/http-load.ts"), configFile, outFile]);
    const child = spawn(cmd, args, { cwd: ROOT, env: childEnv(), stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => {
      try {
        resolve(JSON.parse(readFileSync(outFile, "utf8")) as LoadOut);
      } catch {
        resolve(`load generator exited ${code}: ${err.trim().split("\n").slice(-3).join(" ")}`);
      }
    });
  });
}

interface ControlOut {
  readonly check: string;
  readonly expected: string;
  readonly got: string;
  readonly ok: boolean;
}

async function post(url: string, d: Delivery, body: Buffer = d.bytes, secret?: string): Promise<string> {
  const r = await fetch(`${url}${BENCH_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": d.id, "x-hub-signature-256": githubSignature(d.bytes, secret) },
    body,
  });
  return `${r.status} ${await r.text()}`;
}

/** Tampered → 401, wrong secret → 401 (octokit: 400), duplicate → "duplicate" (servers that dedupe). */
async function controls(url: string, dedupes: boolean, fresh: Delivery, again: Delivery | undefined, reject = 401): Promise<ControlOut[]> {
  const out: ControlOut[] = [];
  const t = await post(url, fresh, tampered(fresh));
  out.push({ check: "tampered", expected: `${reject}`, got: t, ok: t.startsWith(`${reject} `) });
  const w = await post(url, fresh, fresh.bytes, WRONG_SECRET);
  out.push({ check: "wrong secret", expected: `${reject}`, got: w, ok: w.startsWith(`${reject} `) });
  if (dedupes) {
    // Before: a fresh delivery twice. After: one of the load's last deliveries again.
    const first = again === undefined ? await post(url, fresh) : `200 ${PROCESSED_BODY}`;
    const second = await post(url, again ?? fresh);
    out.push({ check: "duplicate", expected: `200 ${DUPLICATE_BODY}`, got: `${first}, then ${second}`, ok: first === `200 ${PROCESSED_BODY}` && second === `200 ${DUPLICATE_BODY}` });
  }
  return out;
}

const processedCount = async (url: string) => ((await (await fetch(`${url}${STATS_PATH}`)).json()) as { processed: number }).processed;


/** One round: both servers fresh, alternating bursts, every check. */
interface RoundResult {
  readonly round: number;
  readonly bursts: readonly Burst[];
  readonly totals: LoadOut["totals"];
  /** Deliveries that reached each server's application during the load. */
  readonly processed: Record<string, number>;
  readonly rss: Record<string, number>;
  readonly controls: Record<string, readonly ControlOut[]>;
}

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
/** A target ratio as a whole percentage: 0.9 → "90%". */
const whole = (r: number) => `${Math.round(r * 100)}%`;
/** The framework's name in target texts. */
const frameworkName = (framework: string) => (framework === "node" ? "node:http" : framework);

/** Ours ÷ other (bare or a rival) per pair of bursts, grouped by round. */
function pairRatios(results: readonly RoundResult[], ours: string, bare: string): number[][] {
  return results.map((r) => {
    const out: number[] = [];
    for (const b of r.bursts.filter((x) => x.target === bare)) {
      const o = r.bursts.find((x) => x.target === ours && x.pair === b.pair);
      if (o && b.rps > 0) out.push(o.rps / b.rps);
    }
    return out;
  });
}

/** The servers of one framework's rounds: bare, ours, then rivals and variants. */
const idsOf = (pair: AdapterPair): string[] => [pair.bare, pair.ours, ...(pair.rivals ?? []).map((r) => r.id), ...(pair.variants ?? []).map((v) => v.id)];

export const httpSuite: Suite = {
  id: "http",
  title: "HTTP throughput (loopback)",
  needsDist: true,
  async run(ctx) {
    const dist = ctx.dist;
    if (!dist || "error" in dist) return { method: [], tables: [], targets: [], missing: [dist && "error" in dist ? dist.error : "dist not prepared"], raw: {} };
    const push = payloads().find((p) => p.id === "github.push");
    if (!push) throw new Error("github.push payload missing");
    const pin = tasksetWorks();
    const serverCore = pin ? SERVER_CORE : undefined;
    const loadCore = pin ? LOAD_CORE : undefined;
    if (!pin) ctx.log("  ! taskset unavailable (or < 2 cores): servers and load generator are NOT pinned");
    const rounds = ctx.quick ? 1 : 3;
    const pairs = ctx.quick ? 2 : 5;
    const burstS = ctx.quick ? 1.5 : 3;
    const warmupS = ctx.quick ? 1 : 2;
    const connections = 16;
    const results = new Map<string, RoundResult[]>();
    const unavailable = new Map<string, string>();
    let invalid: string | undefined;

    const targetOf = (id: string) => HTTP_TARGETS.find((t) => t.id === id);
    outer: for (const pair of ADAPTERS) {
      const ids = idsOf(pair);
      const list: RoundResult[] = [];
      results.set(pair.framework, list);
      for (let round = 0; round < rounds; round++) {
        const started = new Map<string, Started>();
        try {
          for (const id of ids) started.set(id, await startServer(id, dist.stage, serverCore));
          const down = [...started].filter(([, s]) => s.unavailable !== undefined || s.port === undefined || s.child.pid === undefined);
          if (down.length) {
            for (const [id, s] of down) unavailable.set(id, s.unavailable ?? "no port");
            break;
          }
          const targets: LoadTarget[] = ids.map((id, k) => {
            const s = started.get(id) as Started;
            const okBody = targetOf(id)?.okBody;
            return { id, url: `http://127.0.0.1:${s.port}`, serverPid: s.child.pid as number, seed: 1000 + 10 * round + k, ...(okBody !== undefined ? { okBody } : {}) };
          });
          const dedupes = (id: string) => targetOf(id)?.dedupes === true;
          const rejects = (id: string) => targetOf(id)?.rejectStatus ?? 401;
          const controlsOf: Record<string, ControlOut[]> = {};
          const p0: Record<string, number> = {};
          for (const t of targets) {
            controlsOf[t.id] = await controls(t.url, dedupes(t.id), poolMaker(push, 900_000 + t.seed)(0), undefined, rejects(t.id));
            p0[t.id] = await processedCount(t.url);
          }
          const load = await runLoad({ targets, connections, warmupS, burstS, pairs }, ctx.tmp, round, loadCore);
          if (typeof load === "string") {
            invalid = load;
            break outer;
          }
          const processed: Record<string, number> = {};
          const rss: Record<string, number> = {};
          for (const t of targets) {
            processed[t.id] = (await processedCount(t.url)) - (p0[t.id] ?? 0);
            rss[t.id] = rssOf(t.serverPid);
            // A recent load delivery (the in-memory store is bounded and forgets the oldest; the
            // last `connections` may have been cut off in flight when autocannon stopped).
            const sent = load.totals[t.id]?.sent ?? 0;
            const recent = dedupes(t.id) ? poolMaker(push, t.seed)(Math.max(0, sent - 1 - 4 * connections)) : undefined;
            controlsOf[t.id] = [...(controlsOf[t.id] ?? []), ...(await controls(t.url, dedupes(t.id), poolMaker(push, 900_000 + t.seed)(1), recent, rejects(t.id)))];
          }
          const r: RoundResult = { round, bursts: load.bursts, totals: load.totals, processed, rss, controls: controlsOf };
          list.push(r);
          for (const b of load.bursts.filter((x) => x.pair === 0)) ctx.log(`  round ${round + 1}: ${b.target} ${b.rps.toFixed(0)} req/s, server CPU ${(b.serverCpu * 100).toFixed(0)}%, load-gen CPU ${(b.loadCpu * 100).toFixed(0)}%`);
          // Every answer must have been the processed body, and the app must have seen every one.
          for (const t of targets) {
            const tot = load.totals[t.id];
            if (!tot) continue;
            const bad = tot.unexpected + tot.non2xx + tot.errors + tot.timeouts;
            const got = processed[t.id] ?? 0;
            const failed = (controlsOf[t.id] ?? []).filter((c) => !c.ok);
            if (bad > 0) invalid = `${t.id} round ${round + 1}: unexpected answers: ${tot.unexpected} not 200 ${((b) => (b === undefined ? PROCESSED_BODY : JSON.stringify(b)))(targetOf(t.id)?.okBody)} (${tot.non2xx} non-2xx), ${tot.errors} errors, ${tot.timeouts} timeouts; first: ${tot.samples.join(" | ") || "—"}`;
            else if (got < tot.expected || got > tot.expected + connections * (pairs + 1)) invalid = `${t.id} round ${round + 1}: the app processed ${got} deliveries for ${tot.expected} expected answers`;
            else if (failed.length) invalid = `${t.id} round ${round + 1}: negative control failed: ${failed.map((c) => `${c.check}: expected ${c.expected}, got ${c.got}`).join("; ")}`;
            if (invalid !== undefined) break outer;
          }
        } finally {
          for (const s of started.values()) await stop(s.child);
        }
      }
    }

    const label = (id: string) => HTTP_TARGETS.find((t) => t.id === id)?.label ?? id;
    const rows: string[][] = [];
    const ratioRows: string[][] = [];
    const controlRows: string[][] = [];
    const targets: TargetCheck[] = [];
    for (const pair of ADAPTERS) {
      const list = results.get(pair.framework) ?? [];
      for (const id of idsOf(pair)) {
        const bursts = list.flatMap((r) => r.bursts.filter((b) => b.target === id));
        if (!bursts.length) {
          rows.push([label(id), "—", "—", "—", "—", "—", `not measured: ${unavailable.get(id) ?? invalid ?? "no runs"}`]);
          continue;
        }
        const rps = summarize(bursts.map((b) => b.rps));
        const checked = list.reduce((n, r) => n + (r.totals[id]?.expected ?? 0), 0);
        rows.push([
          label(id),
          `${rps.p50.toFixed(0)} (${rps.min.toFixed(0)} – ${rps.max.toFixed(0)})`,
          fmtMs(summarize(bursts.map((b) => b.p99)).p50),
          `${(summarize(bursts.map((b) => b.serverCpu)).p50 * 100).toFixed(0)}% / ${(summarize(bursts.map((b) => b.loadCpu)).p50 * 100).toFixed(0)}%`,
          fmtBytes(summarize(list.map((r) => r.rss[id] ?? Number.NaN)).p50),
          invalid === undefined ? `${checked.toLocaleString("en-US")} ✓` : "⚠ run INVALID",
          "",
        ]);
        const cs = list.flatMap((r) => r.controls[id] ?? []);
        const cell = (check: string) => {
          const c = cs.filter((x) => x.check === check);
          if (!c.length) return "— (no dedupe)";
          const ok = c.filter((x) => x.ok).length;
          return `${ok === c.length ? "✓" : "✗"} ${c[0]?.expected ?? ""} (${ok}/${c.length})`;
        };
        controlRows.push([label(id), cell("tampered"), cell("wrong secret"), cell("duplicate")]);
      }
      const ratio = (row: string, other: string, min: number | undefined, t: string, mine = pair.ours): void => {
        const byRound = pairRatios(list, mine, other).filter((x) => x.length);
        const roundMedians = byRound.map((x) => summarize(x).p50);
        const all = summarize(byRound.flat());
        if (!roundMedians.length) {
          ratioRows.push([row, "—", "—", "—", "0"]);
          if (min === undefined) return;
          targets.push({ target: t, measured: invalid !== undefined ? "invalid run" : "not measured", met: undefined });
          return;
        }
        const med = summarize(roundMedians);
        ratioRows.push([row, pct(med.p50), roundMedians.length > 1 ? `${pct(med.min)} – ${pct(med.max)}` : "—", `${pct(all.p25)} – ${pct(all.p75)} (min ${pct(all.min)}, max ${pct(all.max)})`, `${byRound.flat().length} in ${byRound.length} round(s)`]);
        if (min === undefined) return;
        const [lo, hi] = roundMedians.length > 1 ? [med.min, med.max] : [all.p25, all.p75];
        const measured = `${pct(med.p50)} (${roundMedians.length > 1 ? `rounds ${pct(med.min)} – ${pct(med.max)}` : `pairs p25–p75 ${pct(all.p25)} – ${pct(all.p75)}`})`;
        if (invalid !== undefined) targets.push({ target: t, measured: "invalid run", met: undefined });
        else if (lo >= min) targets.push({ target: t, measured, met: true });
        else if (hi < min) targets.push({ target: t, measured, met: false });
        else targets.push({ target: t, measured, met: undefined, inconclusive: true });
      };
      ratio(`${pair.framework}: ours ÷ bare`, pair.bare, pair.min, `${pair.framework} adapter ≥ ${whole(pair.min)} of bare ${frameworkName(pair.framework)} requests/s (paired bursts)`);
      for (const rival of pair.rivals ?? []) ratio(`${pair.framework}: ours ÷ ${rival.name}`, rival.id, rival.min, `${pair.framework} adapter ≥ ${whole(rival.min)} of ${rival.name} requests/s (paired bursts)`);
      for (const variant of pair.variants ?? []) ratio(`${pair.framework}: ${variant.name} ÷ bare (for information)`, pair.bare, undefined, "", variant.id);
    }
    for (const skip of SKIPPED) {
      const why = `skipped: ${skip.reason}`;
      rows.push([`${skip.framework} (bare and ours)`, "—", "—", "—", "—", "—", why]);
      ratioRows.push([`${skip.framework}: ours ÷ bare`, "—", "—", "—", why]);
      targets.push({ target: `${skip.framework} adapter ≥ ${whole(skip.min)} of bare ${frameworkName(skip.framework)} requests/s (paired bursts)`, measured: why, met: undefined });
    }
    const tables: Table[] = [
      {
        title: `POST ${BENCH_PATH}, distinct GitHub pushes (${fmtBytes(push.bytes.length)}), ${connections} connections, ${rounds} round(s) × ${pairs} pairs of ${burstS} s bursts`,
        columns: ["server", "requests/s: median (min – max of bursts)", "p99 latency", "CPU per burst: server / load generator", "server RSS after round", "answers checked", ""],
        rows,
        notes: ["Server CPU near 100% means the server was the bottleneck (as intended). Well below it, with the load generator also below 100%, means something else (other processes on the machine) took the server's core: the spread then says how far to trust the ratio."],
      },
      {
        title: "Paired ratio (requests/s of ours over the same framework doing the bare work, and for node:http over @octokit/webhooks, in adjacent bursts)",
        columns: ["pair", "median of round medians", "range of round medians", "all pairs p25 – p75", "pairs"],
        rows: ratioRows,
      },
      { title: "Negative controls (before and after each round)", columns: ["server", "tampered body →", "wrong secret →", "same delivery twice → second answer"], rows: controlRows },
      { title: "Targets", columns: ["target", "measured", "verdict"], rows: targets.map((t) => [t.target, t.measured, verdictMark(t)]) },
    ];
    return {
      method: [
        pin
          ? `Pinned: a framework's servers all run under \`taskset -c ${SERVER_CORE}\` (only one is loaded at a time), the load generator (autocannon, programmatic, in its own process) under \`taskset -c ${LOAD_CORE}\`, so load generator and server never share a core (other processes of this machine still may).`
          : "**NOT pinned: taskset is missing (or fewer than 2 cores)**, so the load generator and the servers share the cores and the ratio is less trustworthy.",
        `Per framework, ${rounds} round(s); a round starts that framework's servers fresh (the framework doing the bare work, the framework + our adapter, and for node:http also @octokit/webhooks; each its own process), warms each for ${warmupS} s, then runs ${pairs} pairs of ${burstS} s autocannon bursts cycling through them (order reversed every pair, so ours is always adjacent to the others), ${connections} connections, no pipelining. A pair's ratio is ours ÷ bare (or ÷ octokit) of the same pair's bursts; a round's figure is the median of its pairs; reported = median of round figures with their range (a target is met only if the whole range is on its side).`,
        `Every request is a distinct, correctly signed GitHub push: one field varied per request (so the body and its signature digest differ) and a fresh \`X-GitHub-Delivery\`, signed in the load generator. Every answer must be \`200 ${PROCESSED_BODY}\` (octokit: its own \`200 ok\\n\`; checked per response in autocannon's onResponse), and the server's count of deliveries that reached the application (bare: verified + parsed; ours: dispatched to the no-op handler; octokit: its \`push\` handler ran) must match; otherwise the run is INVALID.`,
        `**dist**: ${dist.build} Each server loads dist/ through the staged generated code (lib/dist.ts), probe-checked like the in-process suites.`,
        "Bare = the framework's idiomatic raw-bytes path + HMAC-SHA256 + timingSafeEqual + JSON.parse, answering the same body: express `express.raw`; node:http the request's chunks; fastify a scoped content-type parser with `parseAs: \"buffer\"`; hono (on @hono/node-server) `c.req.arrayBuffer()`; koa the raw `ctx.req` stream; fetch (a `(Request) => Response` handler served by @hono/node-server's `serve({ fetch })`, the same bridge for both sides) `request.arrayBuffer()`; nest (platform-express, `rawBody: true`) the HMAC over `req.rawBody` with the JSON.parse done once, by Nest's own JSON parser (`req.body`), not repeated.",
        "Ours = the adapter from dist/adapters/<name>.js (each checked to be package.json's export `smart-api-integrations/<name>`) over dist's runtime doing the same work as the bare servers (verify + parse: validation off, no dedupe; it still refuses invalid UTF-8, scrubs prototype gadgets and enforces the body limit and read deadline, which cannot be turned off; no-op handler). For node:http, also ours with its defaults (lenient validation + the in-memory dedupe store), for information, so the cost of those two is on record: `expressWebhookRoutes`, `nodeWebhookListener`, `fastifyWebhookRoutes`, `honoWebhookRoutes` (with @hono/node-server's `getConnInfo`), `koaWebhookRoutes`, `fetchWebhookHandler` (peer address from the bridge), and for nest the runtime `NestWebhooks` in a controller wired as templates/nest.ts.tpl does (decorators as calls, `bypassBodyParsers` at onModuleInit, options via NEST_WEBHOOK_OPTIONS). @octokit/webhooks = `createNodeMiddleware(new Webhooks({ secret }), { path })` on node:http, a `push` handler counting deliveries, its logger silenced; it answers after its handlers ran.",
        "Safety ceiling (node:http, for information) = the bare node:http server plus only the work ours cannot turn off, taken from dist and run without the pipeline: the body read by dist's `readNodeBody` (4 MiB limit, 5 s read deadline, as ours) and the parse by dist's `parseBody` (strict UTF-8, prototype-gadget scan). Its ratio to bare bounds what any adapter over the pipeline can reach.",
        `Not measured: ${SKIPPED.map((x) => `${x.framework} (${x.reason})`).join("; ")}.`,
        "Negative controls via fetch before and after each round: tampered body → 401, wrong secret → 401 (octokit refuses both with its 400), and for ours a repeated delivery → duplicate (after the load: one of its last deliveries again, proving the timed ones were recorded).",
      ],
      tables,
      targets,
      missing: [...[...unavailable].map(([id, why]) => `${label(id)}: ${why}`), ...SKIPPED.map((x) => `${x.framework} adapter: ${x.reason}`), ...(pin ? [] : ["taskset pinning: taskset missing or < 2 cores; HTTP figures unpinned"])],
      raw: { pinned: pin, rounds: Object.fromEntries(results) },
      ...(invalid !== undefined ? { invalid } : {}),
    };
  },
};
