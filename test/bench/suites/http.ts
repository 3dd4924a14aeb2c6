/**
 * HTTP throughput on loopback: autocannon (in the orchestrator process) against each server
 * target (its own child process), bounded duration, rounds interleaved, a fresh server per round.
 * Rows come from ADAPTERS / REFERENCES in lib/http-targets.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ADAPTERS, BENCH_PATH, HTTP_TARGETS, REFERENCES } from "../lib/http-targets.js";
import { payloads, SECRET } from "../lib/payloads.js";
import { ROOT } from "../lib/product.js";
import { fmtBytes, fmtMs, summarize } from "../lib/stats.js";
import { mark, type Suite, type Table, type TargetCheck } from "../lib/suite.js";

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonResult {
  requests: { average: number; mean: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  "2xx": number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

interface Started {
  readonly child: ChildProcess;
  readonly port?: number;
  readonly unavailable?: string;
}

function startServer(id: string): Promise<Started> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "test/bench/children/http-server.ts"), id], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
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

function rssOf(pid: number | undefined): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
  } catch {
    return { rss: Number.NaN, hwm: Number.NaN };
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

interface RoundResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly total: number;
  readonly rssAfter: number;
  readonly rssPeak: number;
}

export const httpSuite: Suite = {
  id: "http",
  title: "HTTP throughput (loopback)",
  async run(ctx) {
    const payload = payloads().find((p) => p.id === "github.push");
    if (!payload) throw new Error("github.push payload missing");
    const signature = `sha256=${createHmac("sha256", SECRET).update(payload.bytes).digest("hex")}`;
    const ids = [...new Set([...ADAPTERS.flatMap((a) => [a.ours, a.bare]), ...REFERENCES])];
    const rounds = ctx.quick ? 1 : 5;
    const duration = ctx.quick ? 2 : 10;
    const warmup = ctx.quick ? 1 : 3;
    const connections = 16;
    const results = new Map<string, RoundResult[]>();
    const unavailable = new Map<string, string>();
    let seq = 0;
    const request = (): AutocannonRequest => ({
      method: "POST",
      path: BENCH_PATH,
      headers: { "content-type": "application/json", "x-github-event": "push", "x-hub-signature-256": signature },
      body: payload.text,
      // A fresh delivery id per request: the pipeline dedupes on it.
      setupRequest: (req) => ({ ...req, headers: { ...req.headers, "x-github-delivery": `http-${process.pid}-${++seq}` } }),
    });
    for (let round = 0; round < rounds; round++) {
      const order = ids.map((_, i) => ids[(i + round) % ids.length] as string);
      for (const id of order) {
        if (unavailable.has(id)) continue;
        const s = await startServer(id);
        try {
          if (s.unavailable !== undefined || s.port === undefined) {
            unavailable.set(id, s.unavailable ?? "no port");
            ctx.log(`  - ${id}: ${s.unavailable}`);
            continue;
          }
          const url = `http://127.0.0.1:${s.port}`;
          await autocannon({ url, connections, duration: warmup, requests: [request()] });
          const r = await autocannon({ url, connections, duration, requests: [request()] });
          const mem = rssOf(s.child.pid);
          const rr: RoundResult = {
            rps: r.requests.average,
            p50: r.latency.p50,
            p99: r.latency.p99,
            non2xx: r.non2xx,
            errors: r.errors + r.timeouts,
            total: r.requests.total,
            rssAfter: mem.rss,
            rssPeak: mem.hwm,
          };
          results.set(id, [...(results.get(id) ?? []), rr]);
          ctx.log(`  ${id}: ${rr.rps.toFixed(0)} req/s, p99 ${rr.p99} ms, non-2xx ${rr.non2xx}, rss ${fmtBytes(rr.rssAfter)}`);
        } finally {
          await stop(s.child);
        }
      }
    }
    const agg = (id: string) => {
      const r = results.get(id);
      if (!r?.length) return undefined;
      return {
        rps: summarize(r.map((x) => x.rps)),
        p99: summarize(r.map((x) => x.p99)).p50,
        rss: summarize(r.map((x) => x.rssAfter)).p50,
        peak: summarize(r.map((x) => x.rssPeak)).p50,
        non2xx: r.reduce((a, x) => a + x.non2xx, 0),
        errors: r.reduce((a, x) => a + x.errors, 0),
        n: r.length,
      };
    };
    const label = (id: string) => HTTP_TARGETS.find((t) => t.id === id)?.label ?? id;
    const row = (id: string, vs?: string): string[] => {
      const a = agg(id);
      if (!a) return [label(id), "—", "—", "—", "—", "", `not measured: ${unavailable.get(id) ?? "no runs"}`];
      const b = vs ? agg(vs) : undefined;
      return [
        label(id),
        `${a.rps.p50.toFixed(0)} (${a.rps.min.toFixed(0)} – ${a.rps.max.toFixed(0)})`,
        fmtMs(a.p99),
        `${fmtBytes(a.rss)} (peak ${fmtBytes(a.peak)})`,
        b ? `${((a.rps.p50 / b.rps.p50) * 100).toFixed(0)}%` : "",
        a.non2xx || a.errors ? `⚠ ${a.non2xx} non-2xx, ${a.errors} errors` : "",
        "",
      ];
    };
    const rows: string[][] = [];
    const targets: TargetCheck[] = [];
    for (const a of ADAPTERS) {
      rows.push(row(a.bare), row(a.ours, a.bare));
      const o = agg(a.ours);
      const b = agg(a.bare);
      const ok = o && b && o.non2xx === 0;
      targets.push({
        target: `${a.framework} adapter ≥ 90% of bare ${a.framework} requests/s`,
        measured: o && b ? `${((o.rps.p50 / b.rps.p50) * 100).toFixed(0)}%${o.non2xx ? ` (⚠ ${o.non2xx} non-2xx responses)` : ""}` : "not measured",
        met: ok ? o.rps.p50 >= 0.9 * b.rps.p50 : undefined,
      });
    }
    for (const r of REFERENCES) rows.push(row(r));
    const tables: Table[] = [
      {
        title: `POST ${BENCH_PATH}, GitHub push (${(payload.bytes.length / 1000).toFixed(1)} kB), ${connections} connections`,
        columns: ["server", "requests/s: median (min – max of rounds)", "p99 latency", "server RSS after run", "vs bare framework", "responses", ""],
        rows,
      },
      { title: "Targets", columns: ["target", "measured", "met"], rows: targets.map((t) => [t.target, t.measured, mark(t.met)]) },
    ];
    return {
      method: [
        `autocannon ${"(programmatic, in the orchestrator process)"} against a server in its own child process on 127.0.0.1; ${connections} connections, no pipelining; ${rounds} round(s), each a fresh server, ${warmup} s warm-up then ${duration} s measured; servers interleaved, order rotated per round. The load generator and the server share this machine's 2 cores.`,
        "Every request is a correctly signed GitHub push with a fresh `X-GitHub-Delivery` (the pipeline dedupes on it). Bare servers do HMAC-SHA256 + timingSafeEqual + JSON.parse on the raw body and answer a fixed JSON body; ours runs the full pipeline (validation lenient, a no-op handler). RSS is read from /proc/<pid>/status (VmRSS, VmHWM) right after the measured run.",
      ],
      tables,
      targets,
      missing: [...unavailable].map(([id, why]) => `${label(id)}: ${why}`),
      raw: Object.fromEntries(results),
    };
  },
};
