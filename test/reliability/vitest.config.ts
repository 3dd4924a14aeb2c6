/**
 * `npm run test:reliability`: the reliability suite only. The resolve aliases come from the root
 * config (generated code imports the package by name); the root config excludes this folder, so
 * `npm test` stays fast and this suite runs once, after it, from .ci/run.
 */
import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig } from "vitest/config";
import root from "../../vitest.config.js";

export default mergeConfig(
  { resolve: root.resolve },
  defineConfig({
    root: fileURLToPath(new URL("../..", import.meta.url)),
    test: {
      include: ["test/reliability/**/*.test.ts"],
      // Every line any `debug` namespace writes is captured and checked for secrets (log-capture.ts):
      // DEBUG=* is set before any module loads, so every copy of `debug` (express4 has its own) is on.
      env: { DEBUG: "*" },
      setupFiles: ["test/reliability/log-capture.ts"],
      testTimeout: 120_000,
      hookTimeout: 60_000,
    },
  }),
);
