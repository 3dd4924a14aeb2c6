/**
 * Writes schemas/webhook.schema.json from the zod schema of webhook.yaml.
 * Run: npx tsx scripts/write-webhook-schema.ts
 */
import { writeFileSync } from "node:fs";
import { webhookYamlJsonSchema } from "../src/manifest/yaml-schema.js";

const target = new URL("../schemas/webhook.schema.json", import.meta.url);
writeFileSync(target, webhookYamlJsonSchema());
console.log(`wrote ${target.pathname}`);
