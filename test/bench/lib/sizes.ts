/**
 * GitHub push-shaped bodies of chosen sizes for the body-size table: the headline push example
 * with its commits array grown (or its URLs emptied, for sizes below the example's own), padded to
 * the exact byte count in the last commit's message. Every body stays a push the schema accepts
 * (checked at run time by the happy-path control, not assumed here). The smallest valid push is
 * ~2.4 kB (its required keys), so the "1 kB" row uses that and reports its real size.
 */
import { payloads, type BenchPayload } from "./payloads.js";

export interface SizeSpec {
  readonly id: string;
  readonly label: string;
  /** Requested body size in bytes. */
  readonly bytes: number;
}

export const SIZES: readonly SizeSpec[] = [
  { id: "1k", label: "1 kB", bytes: 1024 },
  { id: "8k", label: "8 kB", bytes: 8 * 1024 },
  { id: "24k", label: "24 kB", bytes: 24 * 1024 },
  { id: "256k", label: "256 kB", bytes: 256 * 1024 },
  { id: "1m", label: "1 MB", bytes: 1024 * 1024 },
];

type Json = Record<string, unknown>;

/** Strings the push schema constrains (enums) or the bench varies; every other string may be empty. */
const KEEP = new Set(["type", "visibility", "ref", "before", "after"]);

/** Empties every other string: a push's required keys alone are ~2.4 kB, so 1 kB is out of reach. */
function emptied(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(emptied);
  if (typeof v !== "object" || v === null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === "string" && !KEEP.has(k) ? "" : emptied(x)]));
}

const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

/** A push body of exactly `target` bytes when reachable, else the smallest one this shape allows. */
export function pushOfSize(spec: SizeSpec): BenchPayload {
  const base = payloads().find((p) => p.id === "github.push");
  if (!base) throw new Error("github.push payload missing");
  const push = base.value as Json;
  const commits = push["commits"] as Json[];
  const commit = commits[0];
  if (!commit) throw new Error("push example has no commit");
  let value: Json;
  let how: string;
  if (spec.bytes < size(push)) {
    // Below the example's size: no commits and empty strings, then padding (if any room is left).
    value = emptied({ ...push, commits: [], head_commit: null }) as Json;
    how = "push example without commits, non-enum strings emptied";
  } else {
    const grown: Json[] = [...commits];
    while (size({ ...push, commits: [...grown, commit] }) <= spec.bytes) grown.push({ ...commit });
    value = { ...push, commits: grown };
    how = `push example with ${grown.length} commits`;
  }
  const list = value["commits"] as Json[];
  const last = list[list.length - 1];
  const pad = spec.bytes - size(value);
  if (pad > 0 && last !== undefined) {
    list[list.length - 1] = { ...last, message: `${String(last["message"])}${"x".repeat(pad)}` };
    how += `, last commit message padded by ${pad} B`;
  } else if (pad < 0) how += ` (smallest this shape allows: ${size(value)} B for the ${spec.bytes} B asked)`;
  const text = JSON.stringify(value);
  const bytes = Buffer.byteLength(text);
  return {
    id: `github.push.${spec.id}`,
    label: bytes === spec.bytes ? `GitHub push-shaped, ${spec.label}` : `GitHub push-shaped, ${spec.label} asked → ${bytes} B`,
    provider: "github",
    event: "push",
    source: how,
    text,
    bytes: Buffer.from(text, "utf8"),
    value,
    vary: ["after"],
  };
}
