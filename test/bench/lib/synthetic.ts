/**
 * Writes a synthetic provider (providers/<name>/webhook.yaml + schemas/<name>/{events,defs})
 * of N events into a project folder. Events share `$ref`s at two levels: each resource's events
 * reference that resource's def, and every resource def references a set of common defs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ACTIONS = ["created", "updated", "deleted", "archived", "restored"] as const;

const COMMON: Record<string, object> = {
  Address: {
    type: "object",
    properties: {
      line1: { type: "string" },
      line2: { type: ["string", "null"] },
      city: { type: "string" },
      postal_code: { type: "string", maxLength: 16 },
      country: { type: "string", minLength: 2, maxLength: 2 },
    },
    required: ["line1", "city", "country"],
  },
  Money: {
    type: "object",
    properties: { amount: { type: "integer", minimum: 0 }, currency: { type: "string", pattern: "^[a-z]{3}$" } },
    required: ["amount", "currency"],
  },
  Metadata: { type: "object", additionalProperties: { type: "string" } },
  Account: {
    type: "object",
    properties: {
      id: { type: "string" },
      email: { type: ["string", "null"], format: "email" },
      address: { $ref: "./Address.json" },
      kind: { enum: ["person", "company"] },
      metadata: { $ref: "./Metadata.json" },
    },
    required: ["id", "kind"],
  },
  Actor: {
    type: "object",
    properties: {
      account: { $ref: "./Account.json" },
      via: { oneOf: [{ type: "object", properties: { kind: { const: "api" }, key_id: { type: "string" } }, required: ["kind"] }, { type: "object", properties: { kind: { const: "dashboard" }, user: { type: "string" } }, required: ["kind"] }] },
    },
    required: ["account"],
  },
  Link: { type: "object", properties: { href: { type: "string", format: "uri" }, rel: { type: "string" } }, required: ["href"] },
};

export interface SyntheticProvider {
  readonly name: string;
  readonly events: number;
  readonly defs: number;
  /** A valid event name to subscribe a handler to. */
  readonly sampleEvent: string;
}

export function writeSyntheticProvider(projectDir: string, name: string, events: number): SyntheticProvider {
  const schemaDir = join(projectDir, "schemas", name);
  mkdirSync(join(schemaDir, "events"), { recursive: true });
  mkdirSync(join(schemaDir, "defs"), { recursive: true });
  mkdirSync(join(projectDir, "providers", name), { recursive: true });
  const write = (file: string, value: unknown) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  for (const [def, schema] of Object.entries(COMMON)) write(join(schemaDir, "defs", `${def}.json`), schema);
  const resources = Math.ceil(events / ACTIONS.length);
  for (let r = 0; r < resources; r++) {
    write(join(schemaDir, "defs", `Resource${r}.json`), {
      title: `Resource ${r}`,
      type: "object",
      properties: {
        id: { type: "string" },
        object: { const: `resource_${r}` },
        status: { enum: ["active", "inactive", "pending"] },
        owner: { $ref: "./Account.json" },
        total: { $ref: "./Money.json" },
        shipping: { anyOf: [{ $ref: "./Address.json" }, { type: "null" }] },
        links: { type: "array", items: { $ref: "./Link.json" } },
        [`field_${r}`]: { type: "number" },
        metadata: { $ref: "./Metadata.json" },
      },
      required: ["id", "object", "status", "owner"],
    });
  }
  let sampleEvent = "";
  let n = 0;
  for (let r = 0; r < resources && n < events; r++) {
    for (const action of ACTIONS) {
      if (n >= events) break;
      const event = `resource_${r}.${action}`;
      sampleEvent ||= event;
      write(join(schemaDir, "events", `${event}.json`), {
        title: event,
        type: "object",
        properties: {
          id: { type: "string" },
          type: { const: event },
          created: { type: "integer" },
          actor: { $ref: "../defs/Actor.json" },
          data: {
            type: "object",
            properties: { object: { $ref: `../defs/Resource${r}.json` }, previous: { type: "object", additionalProperties: true } },
            required: ["object"],
          },
        },
        required: ["id", "type", "created", "data"],
      });
      n++;
    }
  }
  const display = name.replace(/(^|[^a-zA-Z0-9])([a-z])/g, (_m, _s: string, c: string) => c.toUpperCase()).replace(/[^a-zA-Z0-9]/g, "");
  writeFileSync(
    join(projectDir, "providers", name, "webhook.yaml"),
    [
      "# synthetic provider written by test/bench/lib/synthetic.ts",
      "provider:",
      `  name: ${name}`,
      `  display_name: ${display}`,
      "  signature:",
      "    scheme: stripe",
      "    header: X-Synthetic-Signature",
      "    tolerance_seconds: 300",
      "  event:",
      "    type: { body: [type] }",
      "    id: { body: [id] }",
      "    timestamp: { body: [created], unit: s }",
      "  body_format: json",
      `  schemas: ../../schemas/${name}`,
      "",
      "webhooks:",
      "  default:",
      `    path: /webhooks/${name}/`,
      "    verify_signature: true",
      `    signing_secret_env: ${name.toUpperCase()}_WEBHOOK_SECRET`,
      "    validation: lenient",
      "",
    ].join("\n"),
  );
  return { name, events: n, defs: Object.keys(COMMON).length + resources, sampleEvent };
}
