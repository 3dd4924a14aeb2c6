/**
 * Profiling driver: our pipeline (from dist/, as the bench times it) on distinct deliveries of one
 * payload, N times in one validation mode, so that
 * `TSX_TSCONFIG_PATH=test/bench/tsconfig.dist.json node --cpu-prof --import tsx test/bench/tools/profile-pipeline.ts [mode] [payload] [n]`
 * yields a profile of the hot path alone (summarise it with tools/cpuprofile-summary.ts).
 * Build first (`npm run build`); a fresh pipeline every 4096 deliveries keeps each one a first delivery.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import type { ValidationMode } from "../../../src/runtime/types.js";
import { loadDist, stageGenerated } from "../lib/dist.js";
import { describe, ourHeaders, ourProvider, request } from "../lib/ours.js";
import { payloads } from "../lib/payloads.js";
import { pool } from "../lib/pool.js";

const mode = (process.argv[2] ?? "lenient") as ValidationMode;
const payloadId = process.argv[3] ?? "github.push";
const n = Number(process.argv[4] ?? 50_000);

const p = payloads().find((x) => x.id === payloadId);
if (!p) throw new Error(`unknown payload ${payloadId}`);
const tmp = mkdtempSync(join(os.tmpdir(), "sai-profile-"));
try {
  const product = await loadDist(stageGenerated(tmp));
  const nowSec = Math.floor(Date.now() / 1000);
  const ours = await ourProvider(product, p.provider, nowSec * 1000);
  const block = 4096;
  const reqs = pool(p, block).map((d) => request(ours.pathFor(mode), ourHeaders(ours, d, p.event, nowSec), d.bytes));
  let handler = ours.handler(mode);
  const first = await handler(reqs[0]!);
  if (first?.status !== 200) throw new Error(`not the happy path: ${describe(first)}`);
  const t0 = performance.now();
  for (let i = 1; i < n; i++) {
    if (i % block === 0) handler = ours.handler(mode);
    const r = await handler(reqs[i % block]!);
    if (r?.status !== 200) throw new Error(`delivery ${i}: ${describe(r)}`);
  }
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(`${payloadId} ${mode}: ${us.toFixed(2)} µs/delivery over ${n}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
