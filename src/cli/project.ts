/**
 * The one place a command learns about the project: where it is, its config (file, else
 * package.json's `"smart-api-integrations"` key), the flags on top, and its provider specs.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { ImportExtension, SmartApiConfig } from "../config/types.js";
import { ConfigError, validateConfig } from "../config/validate.js";
import { loadProviderSpecs } from "../manifest/index.js";
import type { ProviderSpec } from "../manifest/types.js";
import { findConfigFile, loadConfigFile } from "./config-file.js";
import { fsSpecSource } from "./fs-source.js";
import { packageRoot } from "./package-root.js";

/** Every setting with its default applied; paths relative to {@link Project.cwd}. */
export interface ProjectSettings {
  readonly providersDir: string;
  readonly include?: readonly string[];
  readonly schemasDir: string;
  readonly outDir: string;
  readonly frameworks?: readonly string[];
  readonly nextAppDir?: string;
  readonly nextPagesDir?: string;
  readonly importExtension: ImportExtension;
  readonly prettier: boolean;
  readonly templatesDir?: string;
  readonly handlersFile: string;
}

/** A resolved project: its folder, where its settings came from, and the settings. */
export interface Project {
  /** Absolute project folder: `--cwd`, else the config file's folder, else the working directory. */
  readonly cwd: string;
  /** The config file read, or `package.json` when the settings came from its key; absolute. */
  readonly configFile?: string;
  readonly settings: ProjectSettings;
}

/** Settings given on the command line; they win over the config file. */
export type SettingOverrides = { readonly [K in keyof SmartApiConfig]?: SmartApiConfig[K] | undefined };

/** What every command accepts to find its project. */
export interface ProjectFlags {
  readonly cwd?: string;
  readonly config?: string;
}

const DEFAULTS = {
  providersDir: "providers",
  schemasDir: "schemas",
  outDir: "generated",
  importExtension: ".js",
  prettier: false,
  handlersFile: "webhook_handlers.ts",
} as const;

/**
 * Resolves the project of a command: `--config` or the nearest config file walking up from
 * `--cwd` (or the working directory); without one, package.json's key. Flags override both.
 */
export async function loadProject(flags: ProjectFlags, overrides: SettingOverrides = {}): Promise<Project> {
  const start = resolve(flags.cwd ?? process.cwd());
  const configFile = flags.config === undefined ? findConfigFile(start) : resolve(start, flags.config);
  let config: SmartApiConfig;
  let source: string | undefined;
  let cwd: string;
  if (configFile !== undefined) {
    config = await loadConfigFile(configFile);
    source = configFile;
    // Paths in a config file are relative to it, wherever the command runs from; --cwd still wins.
    cwd = flags.cwd === undefined ? dirname(configFile) : start;
  } else {
    cwd = start;
    const fromPackage = packageJsonConfig(cwd);
    config = fromPackage?.config ?? {};
    source = fromPackage?.file;
  }
  const merged: Record<string, unknown> = { ...DEFAULTS, ...config };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) merged[key] = value;
  return { cwd, ...(source === undefined ? {} : { configFile: source }), settings: merged as unknown as ProjectSettings };
}

/** package.json's `"smart-api-integrations"` key, validated like a config file. */
function packageJsonConfig(cwd: string): { config: SmartApiConfig; file: string } | undefined {
  const file = join(cwd, "package.json");
  if (!existsSync(file)) return undefined;
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined; // an unreadable package.json is npm's to report, not ours
  }
  const value = typeof pkg === "object" && pkg !== null ? (pkg as Record<string, unknown>)["smart-api-integrations"] : undefined;
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(file, '"smart-api-integrations"', "must be an object of config options (docs/config.md)");
  }
  return { config: validateConfig(value, `${file}: "smart-api-integrations"`), file };
}

/** The package's built-in providers folder, as a path relative to `cwd` (posix). */
export function builtinProvidersDir(cwd: string): string {
  return relative(cwd, join(packageRoot, "providers")).split(sep).join("/");
}

/** Loads, merges and validates every provider spec of the project. @throws SpecErrors */
export function loadSpecs(project: Project): ProviderSpec[] {
  return loadProviderSpecs({
    source: fsSpecSource(project.cwd),
    providersDir: project.settings.providersDir,
    builtinDir: builtinProvidersDir(project.cwd),
    ...(project.settings.include === undefined ? {} : { include: project.settings.include }),
  });
}

/** The package's built-in provider specs (its own providers/ folder), sorted by name. @throws SpecErrors */
export function loadBuiltinSpecs(): ProviderSpec[] {
  return loadProviderSpecs({ source: fsSpecSource(packageRoot), providersDir: "providers", builtinDir: "providers" });
}

/** An absolute path as shown in messages: relative to the project folder, posix separators. */
export function projectPath(project: Project, absolute: string): string {
  return (relative(project.cwd, absolute) || ".").split(sep).join("/");
}
