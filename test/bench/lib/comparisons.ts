/**
 * What the in-process suites compare: per payload, the implementations (ids of lib/impls.ts; the
 * first is the floor every ratio divides by), deliveries per block and rounds.
 *
 * Block sizes aim at ~2 ms of floor work per block: long against timer resolution and call
 * overhead, short enough that many rounds alternate the sides before load drifts.
 */
import { payloads, type BenchPayload } from "./payloads.js";
import { pushOfSize, SIZES } from "./sizes.js";

export type InProcessSuite = "pipeline" | "sizes";

export interface ComparisonSpec {
  readonly id: string;
  readonly payload: () => BenchPayload;
  readonly impls: readonly string[];
  /** Deliveries per block (= pool size; a fresh pipeline per block keeps every one a first delivery). */
  readonly n: number;
  readonly rounds: number;
  readonly quickRounds: number;
}

/** Discarded rounds before the measured ones (JIT, lazily built validators, caches). */
export const WARMUP_ROUNDS = { full: 25, quick: 8 } as const;

const byId = (id: string) => () => {
  const p = payloads().find((x) => x.id === id);
  if (!p) throw new Error(`payload ${id} missing`);
  return p;
};

const OURS = ["ours.off", "ours.lenient", "ours.strict", "ours.nodedupe"];

const PIPELINE: readonly ComparisonSpec[] = [
  { id: "github.push", payload: byId("github.push"), impls: ["floor", ...OURS, "octokit"], n: 128, rounds: 200, quickRounds: 40 },
  { id: "github.pull_request.opened", payload: byId("github.pull_request.opened"), impls: ["floor", ...OURS, "octokit"], n: 64, rounds: 200, quickRounds: 40 },
  { id: "stripe.payment_intent.succeeded", payload: byId("stripe.payment_intent.succeeded"), impls: ["floor", ...OURS, "stripe", "standardwebhooks", "svix"], n: 256, rounds: 150, quickRounds: 30 },
];

/** Fewer deliveries per block for big bodies (the block stays ~2–10 ms). */
const SIZE_BLOCK: Record<string, number> = { "1k": 256, "8k": 128, "24k": 64, "256k": 8, "1m": 2 };

const SIZED: readonly ComparisonSpec[] = SIZES.map((s) => ({
  id: `github.push.${s.id}`,
  payload: () => pushOfSize(s),
  impls: ["floor", "ours.off", "ours.lenient", "octokit"],
  n: SIZE_BLOCK[s.id] ?? 16,
  rounds: s.bytes >= 256 * 1024 ? 100 : 120,
  quickRounds: 30,
}));

export function comparisons(suite: InProcessSuite): readonly ComparisonSpec[] {
  return suite === "pipeline" ? PIPELINE : SIZED;
}
