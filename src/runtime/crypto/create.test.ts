import * as nodeCrypto from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectNodeCrypto, detectSubtle } from "./detect.js";
import { bytesToHex, createCrypto, defaultCrypto, hmac, sha256, timingSafeEqualBytes, type HmacAlgorithm, type Subtle } from "./index.js";

const node = createCrypto();
const web = createCrypto({ node: undefined });
const algorithms: readonly HmacAlgorithm[] = ["sha1", "sha256", "sha512"];

/** What node:crypto itself computes: the oracle both backends must match. */
function oracle(algorithm: HmacAlgorithm, key: string | Uint8Array, parts: readonly (string | Uint8Array)[]): string {
  const mac = nodeCrypto.createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest("hex");
}

const isThenable = (value: unknown) => typeof (value as { then?: unknown } | null)?.then === "function";

describe("backend selection", () => {
  it("picks node:crypto here, through process.getBuiltinModule, at module load", () => {
    expect(defaultCrypto.kind).toBe("node");
    expect(node.kind).toBe("node");
    expect(detectNodeCrypto()?.createHmac).toBe(nodeCrypto.createHmac);
    expect(hmac).toBe(defaultCrypto.hmac);
    expect(sha256).toBe(defaultCrypto.sha256);
    expect(timingSafeEqualBytes).toBe(defaultCrypto.timingSafeEqualBytes);
  });

  it("falls back to Web Crypto when node:crypto is absent, and to a throwing backend when both are", () => {
    expect(web.kind).toBe("webcrypto");
    const none = createCrypto({ node: undefined, subtle: undefined });
    expect(none.kind).toBe("unavailable");
    expect(() => none.hmac("sha256", "k", ["x"])).toThrow(/no crypto available/);
    expect(() => none.sha256(new Uint8Array())).toThrow(/no crypto available/);
  });

  it("detection sees through hosts without getBuiltinModule or with a partial node:crypto", () => {
    expect(detectNodeCrypto({})).toBeUndefined();
    expect(detectNodeCrypto({ process: {} })).toBeUndefined();
    expect(detectNodeCrypto({ process: { getBuiltinModule: () => undefined } })).toBeUndefined();
    expect(detectNodeCrypto({ process: { getBuiltinModule: () => ({ createHmac() {} }) } })).toBeUndefined();
    expect(detectNodeCrypto({ process: { getBuiltinModule: (id: string) => (id === "node:crypto" ? nodeCrypto : undefined) } })?.createHash).toBe(nodeCrypto.createHash);
    expect(detectSubtle({})).toBeUndefined();
    expect(detectSubtle()).toBe(globalThis.crypto.subtle);
  });

  it("nothing on the verify path imports node:crypto as a value (Workers bundles must not see it)", () => {
    const runtime = fileURLToPath(new URL("../", import.meta.url));
    const offending: string[] = [];
    for (const dir of ["crypto", "verifiers", "verifiers/schemes"]) {
      for (const name of readdirSync(join(runtime, dir))) {
        if (!name.endsWith(".ts") || /\.test(-d)?\.ts$/.test(name)) continue;
        const text = readFileSync(join(runtime, dir, name), "utf8");
        for (const m of text.matchAll(/^\s*(import|export)\b(?!\s+type\b)[^;]*?["'](?:node:)?crypto["']/gm)) offending.push(`${dir}/${name}: ${m[0].trim()}`);
        if (/\b(require|import)\(\s*["'](node:)?crypto["']/.test(text)) offending.push(`${dir}/${name}: dynamic import`);
      }
    }
    expect(offending).toEqual([]);
  });
});

describe("hmac and sha256: both backends agree with node:crypto", () => {
  const key = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 40 }), fc.uint8Array({ maxLength: 200 }));
  const part = fc.oneof(fc.string({ unit: "grapheme", maxLength: 100 }), fc.uint8Array({ maxLength: 300 }));

  it("property: byte-identical HMAC for sha1/256/512, string and byte keys, multi-part input", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...algorithms), key, fc.array(part, { maxLength: 5 }), async (algorithm, k, parts) => {
        const expected = oracle(algorithm, k, parts);
        const sync = node.hmac(algorithm, k, parts);
        expect(sync).toBeInstanceOf(Uint8Array);
        expect(bytesToHex(sync as Uint8Array)).toBe(expected);
        const later = web.hmac(algorithm, k, parts);
        expect(later).toBeInstanceOf(Promise);
        expect(bytesToHex(await later)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("edge cases: empty key (Web Crypto refuses it), keys longer than a block, lone surrogates, byte views", async () => {
    const backing = new Uint8Array(64).map((_, i) => i);
    const view = backing.subarray(10, 30); // a view with a non-zero byteOffset
    const cases: [HmacAlgorithm, string | Uint8Array, (string | Uint8Array)[]][] = [
      ["sha256", "", ["body"]],
      ["sha256", new Uint8Array(), []],
      ["sha512", "k".repeat(300), ["x"]],
      ["sha1", new Uint8Array(65).fill(7), ["y"]],
      ["sha256", "\uD800key", ["a\uDC00b", "\uD83D"]],
      ["sha256", view, [view]],
      ["sha256", "k", ["prefix.", view, ""]],
    ];
    for (const [algorithm, k, parts] of cases) {
      const expected = oracle(algorithm, k, parts);
      expect(bytesToHex(node.hmac(algorithm, k, parts) as Uint8Array)).toBe(expected);
      expect(bytesToHex(await web.hmac(algorithm, k, parts))).toBe(expected);
    }
  });

  it("property: byte-identical SHA-256", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 500 }), async (bytes) => {
        const expected = nodeCrypto.createHash("sha256").update(bytes).digest("hex");
        const sync = node.sha256(bytes);
        expect(isThenable(sync)).toBe(false);
        expect(bytesToHex(sync as Uint8Array)).toBe(expected);
        const later = web.sha256(bytes);
        expect(later).toBeInstanceOf(Promise);
        expect(bytesToHex(await later)).toBe(expected);
      }),
    );
  });

  it("property: timingSafeEqualBytes is equality on both backends, false for unequal lengths", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
      const same = Buffer.from(a).equals(Buffer.from(b));
      for (const backend of [node, web]) {
        expect(backend.timingSafeEqualBytes(a, b)).toBe(same);
        expect(backend.timingSafeEqualBytes(a, Uint8Array.from(a))).toBe(true);
      }
    }));
  });
});

describe("Web Crypto key cache", () => {
  /** The real SubtleCrypto, counting importKey calls. */
  function countingSubtle() {
    const real = globalThis.crypto.subtle;
    const counter = { imports: 0, failNext: false };
    const subtle = {
      importKey: (...args: Parameters<Subtle["importKey"]>) => {
        counter.imports++;
        if (counter.failNext) {
          counter.failNext = false;
          return Promise.reject(new Error("import failed"));
        }
        return (real.importKey as (...a: unknown[]) => Promise<unknown>).apply(real, args);
      },
      sign: real.sign.bind(real),
      digest: real.digest.bind(real),
    } as unknown as Subtle;
    return { subtle, counter };
  }

  it("imports a key once per (algorithm, key), bounded, and never caches a failed import", async () => {
    const { subtle, counter } = countingSubtle();
    const backend = createCrypto({ node: undefined, subtle, keyCacheSize: 2 });
    await backend.hmac("sha256", "a", ["x"]);
    await Promise.all([backend.hmac("sha256", "a", ["y"]), backend.hmac("sha256", "a", ["z"])]);
    expect(counter.imports).toBe(1);
    await backend.hmac("sha1", "a", ["x"]); // another algorithm is another key
    await backend.hmac("sha256", new TextEncoder().encode("a"), ["x"]); // bytes are cached apart from strings
    expect(counter.imports).toBe(3);
    await backend.hmac("sha256", "a", ["x"]); // evicted by the bound of 2
    expect(counter.imports).toBe(4);
    // Correct regardless of evictions.
    for (const k of ["a", "b", "c", "a", "b"]) expect(bytesToHex(await backend.hmac("sha512", k, ["m"]))).toBe(oracle("sha512", k, ["m"]));

    counter.failNext = true;
    await expect(backend.hmac("sha256", "fresh", ["x"])).rejects.toThrow("import failed");
    const before = counter.imports;
    expect(bytesToHex(await backend.hmac("sha256", "fresh", ["x"]))).toBe(oracle("sha256", "fresh", ["x"]));
    expect(counter.imports).toBe(before + 1);
  });
});

describe("verifySignature: Ed25519 and ECDSA P-256 on both backends", () => {
  const message = ["part one ", new TextEncoder().encode("and two ü")];
  const data = Buffer.concat([Buffer.from("part one "), Buffer.from("and two ü")]);

  it("both backends accept a valid signature and refuse a changed message, signature or key", async () => {
    for (const algorithm of ["ed25519", "ecdsa-p256"] as const) {
      const pair = algorithm === "ed25519" ? nodeCrypto.generateKeyPairSync("ed25519") : nodeCrypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
      const spki = new Uint8Array(pair.publicKey.export({ format: "der", type: "spki" }));
      const sig = new Uint8Array(algorithm === "ed25519"
        ? nodeCrypto.sign(null, data, pair.privateKey)
        : nodeCrypto.sign("sha256", data, { key: pair.privateKey, dsaEncoding: "ieee-p1363" }));
      const other = new Uint8Array((algorithm === "ed25519" ? nodeCrypto.generateKeyPairSync("ed25519") : nodeCrypto.generateKeyPairSync("ec", { namedCurve: "P-256" })).publicKey.export({ format: "der", type: "spki" }));
      const flipped = sig.slice();
      flipped[5]! ^= 1;
      for (const backend of [node, web]) {
        const sync = backend.verifySignature(algorithm, spki, message, sig);
        expect(typeof sync === "boolean").toBe(backend === node); // synchronous on Node only
        expect(await sync).toBe(true);
        expect(await backend.verifySignature(algorithm, spki, ["part one ", "and two u"], sig)).toBe(false);
        expect(await backend.verifySignature(algorithm, spki, message, flipped)).toBe(false);
        expect(await backend.verifySignature(algorithm, other, message, sig)).toBe(false);
      }
    }
  });

  it("a host without crypto throws on use", () => {
    const none = createCrypto({ node: undefined, subtle: undefined });
    expect(() => none.verifySignature("ed25519", new Uint8Array(44), [], new Uint8Array(64))).toThrow(/no crypto available/);
  });
});
