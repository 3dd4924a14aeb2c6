/**
 * Profiling driver: runs our pipeline on one payload N times in one validation mode, so that
 * `node --cpu-prof --import tsx test/bench/tools/profile-pipeline.ts [mode] [payload] [n]`
 * yields a profile of the hot path alone (summarise it with tools/cpuprofile-summary.ts).
 */
import { ourPipeline, requestFactory } from "../lib/ours.js";
import { payloads } from "../lib/payloads.js";
import type { ValidationMode } from "../../../src/runtime/types.js";

const mode = (process.argv[2] ?? "lenient") as ValidationMode;
const payloadId = process.argv[3] ?? "github.push";
const n = Number(process.argv[4] ?? 50_000);

const p = payloads().find((x) => x.id === payloadId);
if (!p) throw new Error(`unknown payload ${payloadId}`);
const nowSec = Math.floor(Date.now() / 1000);
const pipe = await ourPipeline(p.provider, nowSec * 1000);
if (typeof pipe === "string") throw new Error(pipe);
const next = requestFactory(pipe, p, mode, nowSec);
const first = await pipe.handler(next());
if (first?.status !== 200) throw new Error(`not the happy path: ${first?.status} ${first?.body}`);
const t0 = performance.now();
for (let i = 0; i < n; i++) await pipe.handler(next());
const us = ((performance.now() - t0) * 1000) / n;
console.log(`${payloadId} ${mode}: ${us.toFixed(2)} µs/delivery over ${n}`);
