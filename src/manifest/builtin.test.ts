import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadProviderSpecs } from "./load.js";
import type { SpecSource } from "./source.js";

const repo = new URL("../../", import.meta.url).pathname;
const NAMES = ["github", "slack", "stripe"];

/** A SpecSource over a real directory. */
function fsSource(root: string): SpecSource {
  return {
    readFile: (p) => {
      const full = join(root, p);
      return existsSync(full) && statSync(full).isFile() ? readFileSync(full, "utf8") : undefined;
    },
    listDir: (p) => {
      const full = join(root, p);
      return existsSync(full) && statSync(full).isDirectory() ? readdirSync(full) : undefined;
    },
  };
}

const temp = mkdtempSync(join(tmpdir(), "spec-builtin-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("built-in provider yamls", () => {
  it("load from disk (with tiny stand-in schema folders) into the documented specs", () => {
    cpSync(join(repo, "providers"), join(temp, "providers"), { recursive: true });
    const events: Record<string, string[]> = { github: ["issues.opened", "push"], slack: ["app_mention"], stripe: ["payment_intent.succeeded"] };
    for (const name of NAMES) {
      mkdirSync(join(temp, "schemas", name, "events"), { recursive: true });
      for (const e of events[name] ?? []) writeFileSync(join(temp, "schemas", name, "events", `${e}.json`), '{"type":"object"}');
    }
    // The three with documented specs below; test/conformance/providers covers the other built-ins.
    const specs = loadProviderSpecs({ source: fsSource(temp), providersDir: "providers", builtinDir: "providers", include: NAMES });
    expect(specs.map((s) => [s.name, s.displayName, s.source])).toEqual([
      ["github", "GitHub", "providers/github/webhook.yaml"],
      ["slack", "Slack", "providers/slack/webhook.yaml"],
      ["stripe", "Stripe", "providers/stripe/webhook.yaml"],
    ]);
    const [github, slack, stripe] = specs;
    expect(stripe?.signature).toEqual({ scheme: "stripe", header: "stripe-signature", toleranceSeconds: 300 });
    expect(stripe?.event).toEqual({
      type: { body: ["type"] },
      id: { body: ["id"] },
      timestamp: { body: ["created"], unit: "s" },
      objectId: { body: ["data.object.id"] }, // ordering: per_object orders Stripe by object, at the event's created
    });
    expect(stripe?.webhooks["default"]).toMatchObject({ path: "/webhooks/stripe/", secretEnv: "STRIPE_WEBHOOK_SECRET", maxBodyBytes: 1_048_576 });
    expect(github?.signature).toEqual({ scheme: "github", header: "x-hub-signature-256" });
    expect(github?.event).toEqual({ type: { header: "x-github-event", appendBody: "action" }, id: { header: "x-github-delivery" } });
    expect(github?.webhooks["default"]).toMatchObject({ path: "/webhooks/github/", secretEnv: "GITHUB_WEBHOOK_SECRET" });
    expect(slack?.signature).toEqual({ scheme: "slack", header: "x-slack-signature", timestampHeader: "x-slack-request-timestamp", toleranceSeconds: 300 });
    expect(slack?.event).toEqual({
      type: { body: ["event.type", "type"], whenPresent: [{ path: "command", type: "slash_command" }] },
      id: { body: ["event_id"] },
      timestamp: { body: ["event_time"], unit: "s" },
    });
    expect(slack?.handshake).toBe("slack_url_verification");
    expect(slack?.webhooks["default"]).toMatchObject({ path: "/webhooks/slack/", secretEnv: "SLACK_SIGNING_SECRET" });
  });

  it("point editors at the committed JSON Schema", () => {
    for (const name of NAMES) {
      const first = readFileSync(join(repo, "providers", name, "webhook.yaml"), "utf8").split("\n")[0];
      expect(first).toBe("# yaml-language-server: $schema=../../schemas/webhook.schema.json");
    }
  });

  // The real schema folders are written by another part of the project; check them once they exist.
  it("load with the real schema folders", () => {
    const specs = loadProviderSpecs({ source: fsSource(repo), providersDir: "providers", builtinDir: "providers" });
    for (const s of specs) expect(Object.keys(s.schemas.events).length).toBeGreaterThan(0);
  });
});
