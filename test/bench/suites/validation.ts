/**
 * Validation cost: our generated zod validators vs Ajv compiled from the same JSON Schema folder,
 * warm (mitata, interleaved) and cold (first call, a fresh child process per sample).
 *
 * Rows: PAYLOADS × VALIDATORS. A new validator (e.g. another library) is one VALIDATORS entry.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { ObjectMode } from "../../../src/runtime/types.js";
import { compileAjv, readSchemaFolder, type AjvMode } from "../lib/ajv.js";
import { measureInterleaved, type MicroRow } from "../lib/measure.js";
import { payloads, type BenchPayload } from "../lib/payloads.js";
import { loadGeneratedProvider, ROOT } from "../lib/product.js";
import { fmtMs, fmtNs, fmtRatio, summarize, type Summary } from "../lib/stats.js";
import { type Suite, type Table } from "../lib/suite.js";

export type Check = (data: unknown) => boolean;

export interface ValidatorEntry {
  readonly id: string;
  readonly label: string;
  /** Loads modules / schema files (not part of the first-call figure). Returns a reason when unavailable. */
  prepare(p: BenchPayload): Promise<{ build: () => Check } | string>;
}

function ours(mode: ObjectMode): ValidatorEntry {
  return {
    id: `ours.${mode}`,
    label: `ours (generated zod), ${mode}`,
    prepare: async (p) => {
      const def = await loadGeneratedProvider(p.provider);
      if (!def) return `generated/${p.provider}/provider.ts not available`;
      if (!def.validators) return `generated ${p.provider} provider has no validators`;
      const factory = def.validators;
      return {
        build: () => {
          const v = factory(mode)(p.event);
          if (!v) throw new Error(`no validator for ${p.event}`);
          // What the pipeline calls: the boolean `validate` when the validator has one (see validation.ts).
          if (v.validate !== undefined) return (data) => v.validate!(data);
          return (data) => v.safeParse(data).success;
        },
      };
    },
  };
}

function ajv(mode: AjvMode): ValidatorEntry {
  return {
    id: `ajv.${mode}`,
    label: mode === "default" ? "Ajv 2020 (extra keys allowed)" : "Ajv 2020 (additionalProperties: false injected)",
    prepare: async (p) => {
      const folder = readSchemaFolder(p.provider);
      if (!folder) return `schemas/${p.provider} not available`;
      if (!folder.events[p.event]) return `schemas/${p.provider}/events/${p.event}.json not available`;
      return { build: () => compileAjv(folder, p.event, mode) };
    },
  };
}

/** The validators compared, in display order; the first Ajv entry is the ratio baseline. */
export const VALIDATORS: readonly ValidatorEntry[] = [ours("lenient"), ours("strict"), ajv("default"), ajv("closed")];
const BASELINE = "ajv.default";

interface ColdSample {
  readonly prepareMs: number;
  readonly firstCallMs: number;
  readonly valid: boolean;
}

function coldSample(validator: string, payload: string): Promise<ColdSample | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "test/bench/children/validator-cold.ts"), validator, payload], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        const parsed = JSON.parse(line) as ColdSample | { error: string };
        resolve("error" in parsed ? parsed.error : parsed);
      } catch {
        resolve(`child exited ${code}: ${err.trim().split("\n").slice(-3).join(" ")}`);
      }
    });
  });
}

/**
 * A copy of `value` with its deepest string leaf replaced by a number: a negative control that
 * any validator actually checking the payload must reject (an Ajv schema whose `$ref`s resolved to
 * `{}`, say, would accept it and be "fast" for nothing).
 */
export function corrupted(value: unknown): { value: unknown; path: string } {
  let best: { path: (string | number)[] } | undefined;
  const walk = (v: unknown, path: (string | number)[]) => {
    if (typeof v === "string" && (best === undefined || path.length > best.path.length)) best = { path };
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(value, []);
  const copy = structuredClone(value) as Record<string | number, unknown>;
  if (best === undefined || best.path.length === 0) return { value: 12345, path: "(root)" };
  let parent: Record<string | number, unknown> = copy;
  for (const k of best.path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  parent[best.path.at(-1)!] = 12345;
  return { value: copy, path: best.path.join(".") };
}

/** Distinct parsed copies per payload: each delivery is a fresh `JSON.parse` result, not one hot object. */
const COPIES = 16;

export const validationSuite: Suite = {
  id: "validation",
  title: "Validation cost",
  async run(ctx) {
    const list = payloads();
    const rows: MicroRow[] = [];
    const validity = new Map<string, boolean>();
    const rejectsControl = new Map<string, boolean>();
    const control = new Map(list.map((p) => [p.id, corrupted(p.value)]));
    const unavailable = new Map<string, string>();
    for (const p of list) {
      for (const v of VALIDATORS) {
        const key = `${p.id}|${v.id}`;
        try {
          const prep = await v.prepare(p);
          if (typeof prep === "string") {
            unavailable.set(key, prep);
            continue;
          }
          const check = prep.build();
          validity.set(key, check(p.value));
          rejectsControl.set(key, !check(control.get(p.id)!.value));
          const copies = Array.from({ length: COPIES }, () => JSON.parse(p.text) as unknown);
          let i = 0;
          rows.push({ id: key, fn: () => check(copies[i++ % COPIES]) });
        } catch (err) {
          unavailable.set(key, err instanceof Error ? err.message : String(err));
        }
      }
    }
    const rounds = ctx.quick ? 2 : 8;
    const msPerRound = ctx.quick ? 20 : 200;
    const warm = new Map((await measureInterleaved(rows, { rounds, msPerRound, batchSamples: ctx.quick ? 16 : 256, log: ctx.log })).map((r) => [r.id, r]));

    const coldN = ctx.quick ? 1 : 7;
    const cold = new Map<string, { samples: ColdSample[]; error?: string; first: Summary; prepare: Summary }>();
    // Interleaved: sample i of every cell before sample i+1 of any.
    const raw = new Map<string, ColdSample[]>();
    const coldErr = new Map<string, string>();
    for (let i = 0; i < coldN; i++) {
      for (const p of list) {
        for (const v of VALIDATORS) {
          const key = `${p.id}|${v.id}`;
          if (unavailable.has(key) || coldErr.has(key)) continue;
          const s = await coldSample(v.id, p.id);
          if (typeof s === "string") coldErr.set(key, s);
          else raw.set(key, [...(raw.get(key) ?? []), s]);
        }
      }
      ctx.log(`  cold round ${i + 1}/${coldN} done`);
    }
    for (const [key, samples] of raw) {
      cold.set(key, { samples, first: summarize(samples.map((s) => s.firstCallMs)), prepare: summarize(samples.map((s) => s.prepareMs)) });
    }

    const tables: Table[] = [];
    const missing = new Set<string>();
    for (const p of list) {
      const base = warm.get(`${p.id}|${BASELINE}`)?.summary.p50 ?? Number.NaN;
      const trows: string[][] = [];
      for (const v of VALIDATORS) {
        const key = `${p.id}|${v.id}`;
        const why = unavailable.get(key);
        if (why !== undefined) {
          missing.add(`${v.label}: ${why}`);
          trows.push([v.label, "—", "—", "—", "—", "—", `not measured: ${why}`]);
          continue;
        }
        const w = warm.get(key);
        const c = cold.get(key);
        trows.push([
          v.label,
          w ? fmtNs(w.summary.p50) : "—",
          w ? `${fmtNs(w.summary.p25)} – ${fmtNs(w.summary.p75)}` : "—",
          w ? fmtRatio(w.summary.p50 / base) : "—",
          c ? `${fmtMs(c.first.p50)} (${fmtMs(c.first.min)} – ${fmtMs(c.first.max)}, n=${c.samples.length})` : coldErr.get(key) ?? "—",
          (validity.get(key) === undefined ? "—" : validity.get(key) ? "valid" : "**invalid**") +
            (rejectsControl.get(key) === false ? ` ⚠ accepted the corrupted control (${control.get(p.id)?.path})` : ""),
          w?.error ?? "",
        ]);
      }
      tables.push({
        title: `${p.label} (${(p.bytes.length / 1000).toFixed(1)} kB)`,
        columns: ["validator", "warm median", "p25 – p75", "× Ajv (extra keys allowed)", "cold first call: median (min – max)", "payload", ""],
        rows: trows,
      });
    }
    return {
      method: [
        `Warm: mitata \`measure()\`, ${rounds} interleaved rounds × ${msPerRound} ms per cell, on the parsed payload (no JSON.parse inside). Ratios are over Ajv with extra keys allowed, same payload, same run.`,
        `Cold: a fresh Node process per sample (${coldN} per cell, interleaved). "First call" = building the validator (our factory's lazy build / \`ajv.compile\` with every def of the provider registered) + the first validation; module and schema-file loading is excluded and recorded separately in results.json (\`prepareMs\`).`,
        "Ajv: `ajv/dist/2020` with `strict: false` and `validateFormats: false` (our validators do not check formats either), each event schema compiled with every `defs/*.json` of its provider registered under a common base URI, so the relative `$ref`s resolve as our spec loader resolves them. The closed variant approximates our `strict` mode.",
        "\"invalid\" marks a payload the validator rejects: its timing is then the rejection path, not comparable to a valid one.",
        `Warm iterations rotate over ${COPIES} separately parsed copies of the payload (as deliveries are). Negative control: every validator must reject a copy whose deepest string field is replaced by a number; one that accepts it is flagged ⚠ (it is not really validating). Ajv's sub-µs figures pass this control: its generated code is one straight-line function of inlined type checks.`,
      ],
      tables,
      targets: [],
      missing: [...missing],
      raw: {
        warm: Object.fromEntries([...warm].map(([k, v]) => [k, { summary: v.summary, samples: v.samples }])),
        cold: Object.fromEntries([...cold].map(([k, v]) => [k, v.samples])),
        coldErrors: Object.fromEntries(coldErr),
        validity: Object.fromEntries(validity),
        rejectsCorruptedControl: Object.fromEntries(rejectsControl),
        unavailable: Object.fromEntries(unavailable),
      },
    };
  },
};
