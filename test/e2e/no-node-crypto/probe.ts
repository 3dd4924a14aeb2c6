/** Prints whether project source can reach node:crypto in this process: both ways must fail. */
const viaImport = await import("node:crypto").then(
  () => "loaded",
  (error: unknown) => (error instanceof Error && error.message.includes("unavailable") ? "refused" : `failed: ${String(error)}`),
);
const viaBuiltin = typeof process.getBuiltinModule?.("node:crypto");
process.stdout.write(`${JSON.stringify({ viaImport, viaBuiltin, webCrypto: typeof globalThis.crypto?.subtle })}\n`);
