/**
 * Hand-built ProviderSpecs covering the schema subset: refs, recursion (self and mutual),
 * allOf, discriminated and plain unions, nullable, enums, quoted keys, maps, webhook filters.
 */
import type { ProviderSpec } from "../../manifest/types.js";

const webhookDefaults = { verifySignature: true, validation: "strict", invalidStatus: 202, maxBodyBytes: 1_048_576 } as const;

/** A Stripe-like provider with most schema features. */
export const acme: ProviderSpec = {
  name: "acme",
  displayName: "Acme",
  source: "providers/acme/webhook.yaml",
  signature: { scheme: "stripe", header: "acme-signature", toleranceSeconds: 300 },
  event: { type: { body: ["type"] }, id: { body: ["id"] }, timestamp: { body: ["created"], unit: "s" } },
  bodyFormat: "json",
  schemas: {
    defs: {
      SimpleUser: {
        type: "object",
        description: "A user. Never ends a comment early: */",
        properties: {
          login: { type: "string", minLength: 1 },
          id: { type: "integer", minimum: 1 },
          email: { type: ["string", "null"], format: "email" },
          role: { type: "string", enum: ["admin", "member"] },
          "avatar-url": { type: "string", description: "Line one.\nLine two." },
          site_admin: { type: "boolean" },
        },
        required: ["login", "id", "email"],
      },
      Comment: {
        type: "object",
        properties: {
          body: { type: "string" },
          author: { $ref: "#/defs/SimpleUser" },
          replies: { type: "array", items: { $ref: "#/defs/Comment" } },
        },
        required: ["body", "replies"],
        additionalProperties: false,
      },
      TreeNode: {
        type: "object",
        properties: { edges: { type: "array", items: { $ref: "#/defs/TreeEdge" } } },
        required: ["edges"],
      },
      TreeEdge: {
        type: "object",
        properties: { to: { $ref: "#/defs/TreeNode" }, weight: { type: "number" } },
        required: ["to"],
      },
      Labels: { type: "object", additionalProperties: { type: "string" } },
      Base: {
        type: "object",
        properties: { id: { type: "string" }, created: { type: "integer" }, type: { type: "string" } },
        required: ["id", "created", "type"],
      },
    },
    events: {
      "payment_intent.succeeded": {
        allOf: [
          { $ref: "#/defs/Base" },
          {
            type: "object",
            properties: {
              data: {
                type: "object",
                properties: {
                  object: {
                    oneOf: [
                      {
                        type: "object",
                        properties: { object: { const: "payment_intent" }, amount: { type: "integer" } },
                        required: ["object", "amount"],
                      },
                      {
                        type: "object",
                        properties: { object: { const: "charge" }, captured: { type: "boolean" } },
                        required: ["object"],
                      },
                    ],
                  },
                },
                required: ["object"],
              },
            },
            required: ["data"],
          },
        ],
      },
      "issues.opened": {
        type: "object",
        description: "An issue was opened.",
        properties: {
          action: { const: "opened" },
          sender: { $ref: "#/defs/SimpleUser" },
          comment: { anyOf: [{ $ref: "#/defs/Comment" }, { type: "null" }] },
          tree: { $ref: "#/defs/TreeNode" },
          labels: { $ref: "#/defs/Labels" },
          priority: { enum: [1, 2, 3, null] },
          "x-extra": {},
          meta: { type: "object", properties: { kind: { type: "string" } }, additionalProperties: true },
        },
        required: ["action", "sender"],
      },
      ping: {},
    },
    sources: {
      "#/defs/SimpleUser": "schemas/acme/defs/SimpleUser.json",
      "issues.opened": "schemas/acme/events/issues.opened.json",
    },
  },
  webhooks: {
    default: { path: "/webhooks/acme/", ...webhookDefaults, secretEnv: "ACME_WEBHOOK_SECRET" },
    connect: {
      path: "/webhooks/acme/connect/",
      ...webhookDefaults,
      validation: "lenient",
      events: ["payment_intent.succeeded", "issues.opened"],
      rateLimit: { requestsPerMinute: 60, burstLimit: 10 },
      ipAllowlist: ["192.168.1.1", "10.0.0.0/24"],
    },
  },
};

/** A GitHub-like provider: header-based event type, a handshake-free HMAC, a tiny catalog. */
export const beta: ProviderSpec = {
  name: "beta",
  displayName: "Beta",
  source: "providers/beta/webhook.yaml",
  signature: { scheme: "github", header: "x-beta-signature-256" },
  event: { type: { header: "x-beta-event", appendBody: "action" }, id: { header: "x-beta-delivery" } },
  bodyFormat: "json",
  schemas: {
    defs: { simple_user: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } },
    events: {
      "star.created": {
        type: "object",
        properties: { action: { const: "created" }, starred_at: { type: ["string", "null"] }, sender: { $ref: "#/defs/simple_user" } },
        required: ["action", "starred_at", "sender"],
      },
    },
    sources: {},
  },
  webhooks: { default: { path: "/webhooks/beta/", ...webhookDefaults } },
};

/** Both fixture providers. */
export const fixtureSpecs: readonly ProviderSpec[] = [beta, acme];
