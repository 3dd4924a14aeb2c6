/** Machine, toolchain and package facts recorded with every result. */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { ROOT } from "./product.js";

/** Packages whose versions appear in BENCHMARKS.md (read from node_modules, not package.json ranges). */
export const REPORTED_PACKAGES = [
  "mitata",
  "autocannon",
  "ajv",
  "zod",
  "express",
  "@octokit/webhooks",
  "@octokit/webhooks-methods",
  "@octokit/webhooks-examples",
  "@octokit/openapi-webhooks",
  "stripe",
  "standardwebhooks",
  "svix",
  "typescript",
  "typescript7",
  "tsx",
] as const;

export function packageVersion(name: string, root: string = ROOT): string | undefined {
  const file = join(root, "node_modules", name, "package.json");
  if (!existsSync(file)) return undefined;
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly totalMemGiB: number;
  readonly loadavg: readonly number[];
  readonly platform: string;
  readonly release: string;
  readonly arch: string;
  readonly node: string;
  readonly v8: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpuCount: cpus.length,
    totalMemGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadavg: os.loadavg().map((v) => Math.round(v * 100) / 100),
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    node: process.version,
    v8: process.versions.v8,
  };
}

export function packageVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of REPORTED_PACKAGES) out[name] = packageVersion(name) ?? "not installed";
  return out;
}
