/**
 * Finds the crypto implementations the host offers, without importing any of them statically.
 */
import type { NodeCrypto, Subtle } from "./types.js";

type BuiltinLoader = { readonly getBuiltinModule?: (id: string) => unknown };

/**
 * Node's crypto module, or `undefined` where there is none (Cloudflare Workers without
 * nodejs_compat, browsers). `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno) loads a builtin
 * synchronously at run time: unlike `import "node:crypto"` it is invisible to bundlers, so a
 * Workers build neither fails on the specifier nor ships a polyfill. `host` is for tests.
 */
export function detectNodeCrypto(host: object = globalThis): NodeCrypto | undefined {
  const proc = (host as { readonly process?: BuiltinLoader }).process;
  const mod = proc?.getBuiltinModule?.("node:crypto") as Partial<NodeCrypto> | undefined;
  // A partial polyfill (some runtimes stub node:crypto) is worse than Web Crypto: require all three.
  if (typeof mod?.createHmac !== "function" || typeof mod.createHash !== "function" || typeof mod.timingSafeEqual !== "function") return undefined;
  return mod as NodeCrypto;
}

/** `globalThis.crypto.subtle`, or `undefined` (e.g. an insecure browser context). */
export function detectSubtle(host: object = globalThis): Subtle | undefined {
  return (host as { readonly crypto?: { readonly subtle?: Subtle } }).crypto?.subtle;
}
