import { describe, expect, it } from "vitest";
import { importOpenApi, operationIdEventName } from "./import.js";
import { OpenApiImportError, type Json, type JsonObject } from "./types.js";

const address = { type: "object", required: ["city"], properties: { line1: { type: "string" }, city: { type: "string" }, country: { type: "string" } } };

function body(schema: Json): JsonObject {
  return { requestBody: { content: { "application/json": { schema } } }, responses: { "200": { description: "ok" } } };
}

const document: JsonObject = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  webhooks: {
    "order.created": { post: { operationId: "orderCreated", ...body({ type: "object", properties: { ship_to: address, bill_to: address, total: { $ref: "#/components/schemas/money" } } }) } },
    "customer.updated": { post: { operationId: "customerUpdated", ...body({ $ref: "#/components/schemas/customer-event" }) } },
  },
  components: {
    schemas: {
      money: { type: "object", properties: { amount: { type: "integer" }, currency: { type: "string" } } },
      "customer-event": { type: "object", properties: { address, id: { type: "string" } } },
    },
  },
};

/** A deep copy with every object's keys in reverse order (and arrays of objects likewise): what a different serializer might write. */
function shuffled(value: Json): Json {
  if (Array.isArray(value)) return value.map(shuffled);
  if (value === null || typeof value !== "object") return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).reverse()) out[key] = shuffled(value[key]!);
  return out;
}

describe("importOpenApi", () => {
  it("writes one event per webhook (named by its key), referenced components as defs, repeated shapes hoisted", () => {
    const result = importOpenApi(document);
    expect(result.events).toEqual(["customer.updated", "order.created"]);
    expect([...result.files.keys()]).toEqual(["defs/Address.json", "defs/Money.json", "events/customer.updated.json", "events/order.created.json"]);
    expect(result.hoisted).toEqual(["Address"]);
    const order = JSON.parse(result.files.get("events/order.created.json")!) as JsonObject;
    expect(order).toEqual({ type: "object", properties: { bill_to: { $ref: "../defs/Address.json" }, ship_to: { $ref: "../defs/Address.json" }, total: { $ref: "../defs/Money.json" } } });
    // A body that is a whole component is inlined as the event file; refs from defs are ./X.json.
    expect(JSON.parse(result.files.get("events/customer.updated.json")!)).toEqual({ type: "object", properties: { address: { $ref: "../defs/Address.json" }, id: { type: "string" } } });
    expect(result.files.get("defs/Money.json")).toBe('{\n  "properties": {\n    "amount": {\n      "type": "integer"\n    },\n    "currency": {\n      "type": "string"\n    }\n  },\n  "type": "object"\n}\n');
  });

  it("is byte-identical whatever the input key order", () => {
    const a = importOpenApi(document);
    const b = importOpenApi(shuffled(document));
    expect([...b.files]).toEqual([...a.files]);
    expect(importOpenApi(document, { dedupe: false }).hoisted).toEqual([]);
  });

  it("names events by operationId on request, and requires it when a key has several operations", () => {
    expect(importOpenApi(document, { eventName: operationIdEventName }).events).toEqual(["customerUpdated", "orderCreated"]);
    const two = { ...document, webhooks: { thing: { post: body({ type: "object" }), put: { operationId: "thingPut", ...body({ type: "object" }) } } } };
    expect(() => importOpenApi(two)).toThrow(/webhooks\/thing\/post: webhook "thing" has 2 operations/);
  });

  it("reports every problem at once, with JSON pointers into the document", () => {
    const bad: JsonObject = {
      openapi: "3.0.3",
      webhooks: {
        "a/b": { post: body({ type: "object" }) },
        c: { post: { responses: {} } },
        d: { post: body({ properties: { x: { if: { type: "string" } } } }) },
      },
    };
    let error: unknown;
    try {
      importOpenApi(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OpenApiImportError);
    expect((error as OpenApiImportError).issues.map((i) => i.pointer)).toEqual([
      "/openapi",
      "/webhooks/a~1b/post",
      "/webhooks/c/post",
      "/webhooks/d/post/requestBody/content/application~1json/schema/properties/x/if",
    ]);
  });
});
