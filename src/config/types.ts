/**
 * The shape of `smart-api-integrations.config.ts` (and its .js/.mjs/.json/.yaml siblings). Every
 * path is relative to the folder holding the config file.
 */

/** Route files the generator ships a template for. */
export type BuiltinFramework = "express" | "fastify" | "hono" | "koa" | "nest" | "next-app" | "next-pages" | "node" | "fetch";

/**
 * How generated files spell their relative imports: `.js` (Node ESM, the default), `.ts`
 * (`allowImportingTsExtensions`, Deno, Bun) or `none` (bundlers with extensionless resolution).
 */
export type ImportExtension = ".js" | ".ts" | "none";

/** Options of the CLI a project keeps in its config file; command-line flags override each one. */
export interface SmartApiConfig {
  /** Folder of `<provider>/webhook.yaml` specs. Default `providers`. */
  readonly providersDir?: string;
  /**
   * Provider folders of {@link providersDir} that every command reads (default: all of them), for
   * a folder that holds more specs than this project generates.
   */
  readonly include?: readonly string[];
  /** Where `import-openapi` writes `<provider>/{events,defs}` schema folders. Default `schemas`. */
  readonly schemasDir?: string;
  /** Output folder of `generate`. Default `generated`. */
  readonly outDir?: string;
  /**
   * Route files to write. Default: the frameworks package.json depends on, else `express`.
   * A name that is not built in needs `<name>.ts.tpl` in {@link templatesDir}.
   */
  readonly frameworks?: readonly (BuiltinFramework | (string & {}))[];
  /** Next.js App Router folder for `next-app` (default `app`, or `src/app` when that exists). */
  readonly nextAppDir?: string;
  /** Next.js Pages Router folder for `next-pages`; files go to its `api/` (default `pages`, or `src/pages`). */
  readonly nextPagesDir?: string;
  /** Relative import spelling in generated files. Default `.js`. */
  readonly importExtension?: ImportExtension;
  /** Format generated files with the project's own prettier and config. Default `false`. */
  readonly prettier?: boolean;
  /** Folder of your own `<framework>.ts.tpl` / `<framework>.route.ts.tpl` templates. */
  readonly templatesDir?: string;
  /** The file `init` writes and `add-handler` / `doctor` read. Default `webhook_handlers.ts`. */
  readonly handlersFile?: string;
}
