/**
 * Pipeline overhead, in process: the cost of receiving one delivery (verify + parse [+ validate,
 * dedupe, dispatch]) relative to the floor (HMAC + timingSafeEqual + JSON.parse over the same bytes).
 *
 * Rows come from PAYLOADS (lib/payloads.ts); columns from COLUMNS below. A new competitor or mode
 * is one more entry in COLUMNS; a new payload is one more entry in PAYLOADS.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhooks } from "@octokit/webhooks";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
import { Webhook as SvixWebhook } from "svix";
import type { ValidationMode } from "../../../src/runtime/types.js";
import { measureInterleaved, type MicroRow } from "../lib/measure.js";
import { MODES, ourPipeline, requestFactory } from "../lib/ours.js";
import { payloads, SECRET, WHSEC, type BenchPayload } from "../lib/payloads.js";
import { fmtNs, fmtRatio, type Summary } from "../lib/stats.js";
import { mark, type Suite, type Table, type TargetCheck } from "../lib/suite.js";

type Ready = { readonly fn: () => unknown; readonly beforeRound?: () => void; readonly note?: string };
type Setup = Ready | { readonly unavailable: string };

export interface PipelineColumn {
  readonly id: string;
  readonly label: string;
  readonly kind: "floor" | "ours" | "competitor";
  readonly mode?: ValidationMode;
  applies(p: BenchPayload): boolean;
  setup(p: BenchPayload, nowSec: number): Promise<Setup>;
}

const githubSig = (body: Buffer) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
const githubName = (p: BenchPayload) => (p.event.includes(".") ? p.event.slice(0, p.event.indexOf(".")) : p.event);

const floor: PipelineColumn = {
  id: "floor",
  label: "floor: HMAC-SHA256 + timingSafeEqual + JSON.parse",
  kind: "floor",
  applies: () => true,
  setup: async (p) => {
    const bytes = p.bytes;
    const header = githubSig(bytes);
    return {
      fn: () => {
        const mac = createHmac("sha256", SECRET).update(bytes).digest();
        const sig = Buffer.from(header.slice(7), "hex");
        if (sig.length !== mac.length || !timingSafeEqual(sig, mac)) throw new Error("bad signature");
        return JSON.parse(bytes.toString("utf8")) as unknown;
      },
    };
  },
};

function oursColumn(mode: ValidationMode): PipelineColumn {
  return {
    id: `ours.${mode}`,
    label: `ours, validation ${mode}`,
    kind: "ours",
    mode,
    applies: () => true,
    setup: async (p, nowSec) => {
      const pipe = await ourPipeline(p.provider, nowSec * 1000);
      if (typeof pipe === "string") return { unavailable: pipe };
      const next = requestFactory(pipe, p, mode, nowSec);
      // Check the cell measures the happy path: two deliveries must both be processed.
      const a = await pipe.handler(next());
      const b = await pipe.handler(next());
      const processed = (r: typeof a) => r?.status === 200 && r.body === '{"status":"processed"}';
      const note = processed(a) && processed(b) ? undefined : `responses ${a?.status ?? "none"} ${a?.body.slice(0, 80) ?? ""} / ${b?.status ?? "none"} ${b?.body.slice(0, 80) ?? ""}`;
      const handler = pipe.handler;
      return { fn: () => handler(next()), ...(note === undefined ? {} : { note }) };
    },
  };
}

const octokit: PipelineColumn = {
  id: "octokit",
  label: "@octokit/webhooks verifyAndReceive",
  kind: "competitor",
  applies: (p) => p.provider === "github",
  setup: async (p) => {
    const webhooks = new Webhooks({ secret: SECRET });
    // A no-op handler, like ours: receive() dispatches to it.
    (webhooks.on as (name: string, fn: () => void) => void)(githubName(p), () => undefined);
    const signature = githubSig(p.bytes);
    const name = githubName(p);
    const bytes = p.bytes;
    let n = 0;
    // It takes the body as a string: decoding the received bytes is part of its work, as it is of
    // the floor's and ours (octokit's own middleware decodes before calling it).
    return { fn: () => webhooks.verifyAndReceive({ id: `d-${++n}`, name, payload: bytes.toString("utf8"), signature }) };
  },
};

const stripeCol: PipelineColumn = {
  id: "stripe",
  label: "stripe webhooks.constructEvent",
  kind: "competitor",
  applies: () => true,
  setup: async (p) => {
    const stripe = new Stripe("sk_test_bench");
    let header = "";
    const sign = () => {
      header = stripe.webhooks.generateTestHeaderString({ payload: p.text, secret: SECRET });
    };
    sign();
    const bytes = p.bytes;
    return { fn: () => stripe.webhooks.constructEvent(bytes, header, SECRET), beforeRound: sign };
  },
};

function standardLike(id: string, label: string, Ctor: new (secret: string) => { sign(id: string, d: Date, p: string): string; verify(p: Buffer, h: Record<string, string>): unknown }, prefix: string): PipelineColumn {
  return {
    id,
    label,
    kind: "competitor",
    applies: () => true,
    setup: async (p) => {
      const wh = new Ctor(WHSEC);
      let headers: Record<string, string> = {};
      const sign = () => {
        const now = new Date();
        headers = {
          [`${prefix}-id`]: "msg_bench",
          [`${prefix}-timestamp`]: String(Math.floor(now.getTime() / 1000)),
          [`${prefix}-signature`]: wh.sign("msg_bench", now, p.text),
        };
      };
      sign();
      const bytes = p.bytes;
      return { fn: () => wh.verify(bytes, headers), beforeRound: sign };
    },
  };
}

/** The columns, in display order. Add an entry to add a column. */
export const COLUMNS: readonly PipelineColumn[] = [
  floor,
  ...MODES.map(oursColumn),
  octokit,
  stripeCol,
  standardLike("standardwebhooks", "standardwebhooks verify", StandardWebhook, "webhook"),
  standardLike("svix", "svix verify", SvixWebhook, "svix"),
];

interface Cell {
  readonly payload: string;
  readonly column: string;
  readonly summary?: Summary;
  readonly samples?: number;
  readonly ratio?: number;
  readonly unavailable?: string;
  readonly note?: string;
  readonly error?: string;
}

export const pipelineSuite: Suite = {
  id: "pipeline",
  title: "Pipeline overhead (in process)",
  async run(ctx) {
    const nowSec = Math.floor(Date.now() / 1000);
    const rows: MicroRow[] = [];
    const setups = new Map<string, Setup>();
    const list = payloads();
    for (const p of list) {
      for (const c of COLUMNS) {
        if (!c.applies(p)) continue;
        const key = `${p.id}|${c.id}`;
        let s: Setup;
        try {
          s = await c.setup(p, nowSec);
        } catch (err) {
          s = { unavailable: `setup failed: ${err instanceof Error ? err.message : String(err)}` };
        }
        setups.set(key, s);
        if ("fn" in s) rows.push({ id: key, fn: s.fn, ...(s.beforeRound ? { beforeRound: s.beforeRound } : {}) });
        else ctx.log(`  - ${key}: ${s.unavailable}`);
      }
    }
    const rounds = ctx.quick ? 2 : 8;
    const msPerRound = ctx.quick ? 25 : 250;
    ctx.log(`  measuring ${rows.length} cells × ${rounds} interleaved rounds × ${msPerRound} ms`);
    const results = new Map((await measureInterleaved(rows, { rounds, msPerRound, batchSamples: ctx.quick ? 16 : 256, log: ctx.log })).map((r) => [r.id, r]));

    const cells: Cell[] = [];
    const tables: Table[] = [];
    const missing: string[] = [];
    for (const p of list) {
      const floorMed = results.get(`${p.id}|floor`)?.summary.p50 ?? Number.NaN;
      const trows: string[][] = [];
      const notes: string[] = [];
      for (const c of COLUMNS) {
        if (!c.applies(p)) continue;
        const key = `${p.id}|${c.id}`;
        const s = setups.get(key);
        const r = results.get(key);
        if (!s || !("fn" in s) || !r || r.error) {
          const why = s && "unavailable" in s ? s.unavailable : r?.error ?? "not measured";
          cells.push({ payload: p.id, column: c.id, unavailable: why });
          trows.push([c.label, "—", "—", "—", "—", `not measured: ${why}`]);
          if (!missing.some((m) => m.startsWith(c.label))) missing.push(`${c.label}: ${why}`);
          continue;
        }
        const ratio = r.summary.p50 / floorMed;
        cells.push({ payload: p.id, column: c.id, summary: r.summary, samples: r.samples.length, ratio, ...(s.note ? { note: s.note } : {}) });
        if (s.note) notes.push(`${c.label}: ${s.note}`);
        trows.push([
          c.label,
          fmtNs(r.summary.p50),
          `${fmtNs(r.summary.p25)} – ${fmtNs(r.summary.p75)}`,
          fmtRatio(ratio),
          String(r.samples.length),
          s.note ? "⚠ see note" : "",
        ]);
      }
      tables.push({
        title: `${p.label} (${(p.bytes.length / 1000).toFixed(1)} kB, ${p.source})`,
        columns: ["implementation", "median / delivery", "p25 – p75", "× floor", "samples", ""],
        rows: trows,
        notes,
      });
    }

    const headline = list.find((p) => p.headline) ?? list[0];
    const cell = (payload: string | undefined, col: string) => cells.find((c) => c.payload === payload && c.column === col);
    const targets: TargetCheck[] = [];
    if (headline) {
      const off = cell(headline.id, "ours.off");
      const len = cell(headline.id, "ours.lenient");
      targets.push({ target: `validation off ≤ 1.10× floor (${headline.label})`, measured: off?.ratio === undefined ? "not measured" : fmtRatio(off.ratio), met: off?.ratio === undefined ? undefined : off.ratio <= 1.1 });
      targets.push({ target: `validation lenient ≤ 1.5× floor (${headline.label})`, measured: len?.ratio === undefined ? "not measured" : fmtRatio(len.ratio), met: len?.ratio === undefined ? undefined : len.ratio <= 1.5 });
    }
    for (const p of list.filter((x) => x.provider === "github")) {
      const oct = cell(p.id, "octokit");
      for (const mode of MODES) {
        const ours = cell(p.id, `ours.${mode}`);
        const ok = ours?.summary && oct?.summary ? ours.summary.p50 <= oct.summary.p50 : undefined;
        targets.push({
          target: `validation ${mode} at least as fast as @octokit/webhooks verifyAndReceive (${p.label})`,
          measured: ours?.summary && oct?.summary ? `${fmtNs(ours.summary.p50)} vs ${fmtNs(oct.summary.p50)}` : "not measured",
          met: ok,
        });
      }
    }
    tables.push({
      title: "Targets",
      columns: ["target", "measured", "met"],
      rows: targets.map((t) => [t.target, t.measured, mark(t.met)]),
    });

    return {
      method: [
        `mitata \`measure()\` per cell (batches of ${ctx.quick ? 16 : 256} iterations per sample for sub-65 µs work), ${rounds} rounds × ${msPerRound} ms CPU budget per cell, row order rotated every round (interleaved); samples pooled; median with p25–p75 spread; ratios are medians over the floor's median for the same payload, in the same run.`,
        "Each iteration receives one complete, correctly signed delivery. Dedupe: GitHub deliveries get a fresh `X-GitHub-Delivery` per iteration (the real in-memory dedupe store is exercised); providers whose event id is inside the signed body (Stripe's `evt_…`) are run with a dedupe store that never reports a duplicate (`NeverDuplicateStore`, same interface), because changing the id would mean re-signing per iteration.",
        "Our pipeline: generated provider definition, cloned with three webhooks (validation off / lenient / strict; rate limit, IP allowlist and `events:` filter removed), a no-op `on(\"*\")` handler, `createWebhookHandler` called directly with a `WebhookRequest` whose `readBody` returns the prepared bytes synchronously (the contract allows a body already in hand, as `express.raw()` leaves it; octokit likewise gets its payload in hand). `@octokit/webhooks` gets the body as a string (its API), with a no-op handler for the event; stripe, standardwebhooks and svix get a Buffer and sign with their own scheme.",
      ],
      tables,
      targets,
      missing,
      raw: { nowSec, cells, samples: Object.fromEntries([...results].map(([k, v]) => [k, v.samples])) },
    };
  },
};
