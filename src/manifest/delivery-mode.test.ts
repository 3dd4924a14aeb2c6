/**
 * `provider.delivery` and `webhooks.<name>.mode` (docs/queue.md): read from webhook.yaml into the
 * spec, merged over the built-ins, and refused when malformed. The built-in providers declare
 * their acknowledgement budgets.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SpecErrors } from "./errors.js";
import { loadProviderSpecs } from "./load.js";
import { memorySource, type SpecSource } from "./source.js";

const BASE = `provider:
  signature: { scheme: hmac, header: X-Sig }
  event:
    type: { body: [type] }
    id: { body: [id] }
  delivery: { timeout_seconds: 5 }
webhooks:
  default:
    path: /webhooks/acme/
    signing_secret_env: ACME_SECRET
    mode: auto
  bulk:
    path: /webhooks/acme/bulk
    signing_secret_env: ACME_SECRET
    mode: queue
  plain:
    path: /webhooks/acme/plain
    signing_secret_env: ACME_SECRET
`;

const load = (files: Record<string, string>) => loadProviderSpecs({ source: memorySource(files), providersDir: "providers", builtinDir: "pkg/providers" });

function errorsOf(files: Record<string, string>): string[] {
  try {
    load(files);
  } catch (error) {
    if (error instanceof SpecErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  return [];
}

describe("delivery budget and mode in webhook.yaml", () => {
  it("reads the provider's delivery timeout and each webhook's mode (inline is the default, written as absent)", () => {
    const [spec] = load({ "providers/acme/webhook.yaml": BASE });
    expect(spec!.delivery).toEqual({ timeoutSeconds: 5 });
    expect(spec!.webhooks["default"]!.mode).toBe("auto");
    expect(spec!.webhooks["bulk"]!.mode).toBe("queue");
    expect(spec!.webhooks["plain"]).not.toHaveProperty("mode");
  });

  it("lets a user file set a built-in webhook's mode and override the budget", () => {
    const [spec] = load({
      "pkg/providers/acme/webhook.yaml": BASE,
      "providers/acme/webhook.yaml": "provider:\n  delivery: { timeout_seconds: 2.5 }\nwebhooks:\n  plain:\n    mode: queue\n",
    });
    expect(spec!.delivery).toEqual({ timeoutSeconds: 2.5 });
    expect(spec!.webhooks["plain"]!.mode).toBe("queue");
    expect(spec!.webhooks["default"]!.mode).toBe("auto");
  });

  it("refuses an unknown mode, a non-positive timeout and unknown delivery keys, at their line", () => {
    const errors = errorsOf({
      "providers/acme/webhook.yaml": BASE.replace("mode: queue", "mode: later").replace("timeout_seconds: 5", "timeout_seconds: 0, retries: 3"),
    });
    expect(errors.some((m) => /webhook\.yaml:\d+:\d+/.test(m) && /mode/.test(m))).toBe(true);
    expect(errors.some((m) => /timeout_seconds/.test(m))).toBe(true);
    expect(errors.some((m) => /retries/.test(m))).toBe(true);
  });
});

describe("the built-in providers' acknowledgement budgets", () => {
  const repo = new URL("../../", import.meta.url).pathname;
  const fsSource: SpecSource = {
    readFile: (p) => (existsSync(join(repo, p)) && statSync(join(repo, p)).isFile() ? readFileSync(join(repo, p), "utf8") : undefined),
    listDir: (p) => (existsSync(join(repo, p)) && statSync(join(repo, p)).isDirectory() ? readdirSync(join(repo, p)) : undefined),
  };

  it("declare Slack 3 s, GitHub 10 s, Stripe 10 s (docs/queue.md)", () => {
    const specs = loadProviderSpecs({ source: fsSource, providersDir: "providers", builtinDir: "providers" });
    expect(Object.fromEntries(specs.map((s) => [s.name, s.delivery?.timeoutSeconds]))).toMatchObject({ slack: 3, github: 10, stripe: 10 });
  });
});
