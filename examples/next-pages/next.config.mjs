// The app compiles the repository's own source and generated/ (two folders up), so the
// workspace root is the repository: tracing may read files there.
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** @type {import("next").NextConfig} */
const config = {
  outputFileTracingRoot: root,
  experimental: {
    // Compile TypeScript outside the app folder too (the Pages Router needs this to be said).
    externalDir: true,
    // generated/ (and this package's source) import TypeScript files by their `.js` names, as
    // NodeNext requires; webpack maps them back. Turbopack has no such option yet, hence
    // `next build --webpack`.
    extensionAlias: { ".js": [".ts", ".js"] },
  },
};

export default config;
