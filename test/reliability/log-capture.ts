/**
 * Setup file of the reliability suite: every line written while a test file runs — every `debug`
 * namespace (DEBUG=*), console.*, and raw stdout/stderr writes (another copy of `debug` writes
 * there directly) — is captured, and after the file the lines are searched for every secret, every
 * signature the file sent, and the marker every body carries. One leak fails the file.
 */
import { format } from "node:util";
import createDebug from "debug";
import { afterAll, expect } from "vitest";
import { SECRETS } from "../fixtures/definitions.js";
import { BODY_MARKER, sentSignatures } from "./deliveries.js";

const lines: string[] = [];

createDebug.enable("*");
createDebug.log = (...args: unknown[]) => void lines.push(format(...args));

for (const level of ["debug", "info", "log", "warn", "error"] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    lines.push(format(...args));
    // Only console.log (the suite's own notes: the fast-check seed) is shown. The runtime's
    // warnings and errors here are the expected ones (unset secrets), captured and checked.
    if (level === "log") original(...args);
  };
}

for (const stream of [process.stdout, process.stderr]) {
  const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return original(chunk, ...rest);
  }) as typeof stream.write;
}

/** The lines captured so far (tests may look, e.g. to see a namespace is really on). */
export const capturedLines: readonly string[] = lines;

/** Every secret the suite's servers hold or its deliveries were signed with. */
export const SECRET_VALUES: readonly string[] = [SECRETS.stripe, SECRETS.github, SECRETS.slack, "whsec_old_rotated", "whsec_wrong_secret", "not-the-secret"];

/** What in `lines` must not be there: secrets, the body marker, MACs from `signatures`. */
export function findLeaks(lines: readonly string[], signatures: ReadonlySet<string>): string[] {
  const text = lines.join("\n");
  const leaks = SECRET_VALUES.filter((secret) => text.includes(secret)).map((secret) => `secret ${secret}`);
  if (text.includes(BODY_MARKER)) leaks.push("a body (its marker)");
  // Every run of 40+ hex digits in the logs, against every MAC sent: a few scans of the runs
  // instead of thousands of substring searches over megabytes of debug output.
  const runs = [...new Set(Array.from(text.matchAll(/[0-9a-fA-F]{40,}/g), (m) => m[0].toLowerCase()))];
  for (const digest of signatures) if (runs.some((run) => run.includes(digest))) leaks.push(`signature ${digest}`);
  return leaks;
}

afterAll(() => {
  // The check is only worth something if the runtime's own debug namespace really wrote.
  expect(lines.some((line) => line.includes("smart-api-integrations:webhook"))).toBe(true);
  expect(findLeaks(lines, sentSignatures)).toEqual([]);
});
