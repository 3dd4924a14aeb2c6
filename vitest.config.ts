import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Generated code imports the package by name; inside this repository that is the source.
    alias: [
      { find: /^smart-api-integrations\/testing$/, replacement: src("testing/index.ts") },
      { find: /^smart-api-integrations\/queue$/, replacement: src("runtime/queue/index.ts") },
      { find: /^smart-api-integrations\/config$/, replacement: src("config/index.ts") },
      // Every other subpath is an adapter: smart-api-integrations/<name> → src/adapters/<name>.ts.
      { find: /^smart-api-integrations\/([a-z-]+)$/, replacement: src("adapters/$1.ts") },
      { find: /^smart-api-integrations$/, replacement: src("runtime/index.ts") },
    ],
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The reliability suite has its own config and runs after `npm test` (npm run test:reliability).
    exclude: ["**/node_modules/**", "**/.git/**", "test/reliability/**"],
    // typescript 5.9 explicitly: node_modules/.bin/tsc may be typescript 7 (installed for benches and checks).
    typecheck: { checker: fileURLToPath(new URL("./node_modules/typescript/bin/tsc", import.meta.url)), enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
