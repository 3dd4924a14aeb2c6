import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { webhookYamlJsonSchema } from "./yaml-schema.js";

describe("webhookYamlJsonSchema", () => {
  it("matches the committed schemas/webhook.schema.json (run npx tsx scripts/write-webhook-schema.ts)", () => {
    const committed = readFileSync(new URL("../../schemas/webhook.schema.json", import.meta.url), "utf8");
    expect(committed).toBe(webhookYamlJsonSchema());
  });
  it("is stable, closed and names the webhook keys", () => {
    const text = webhookYamlJsonSchema();
    expect(text.endsWith("}\n")).toBe(true);
    const schema = JSON.parse(text) as { additionalProperties: boolean; properties: { webhooks: { additionalProperties: { properties: object } } } };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties.webhooks.additionalProperties.properties)).toEqual([
      "path", "verify_signature", "signing_secret_env", "signature_header", "events", "rate_limit",
      "ip_whitelist", "validation", "invalid_status", "max_body_bytes", "ordering", "mode",
    ]);
  });
});
