import { describe, expect, it } from "vitest";
import { loadSchemaFolder } from "./schemas.js";
import { memorySource } from "./source.js";

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

describe("loadSchemaFolder", () => {
  it("reads event subfolders as names with a slash (Shopify's orders/create), refs relative to the file", () => {
    const source = memorySource({
      "s/events/orders/create.json": json({ type: "object", properties: { customer: { $ref: "../../defs/Customer.json" } } }),
      "s/events/shop/redact.json": json({ type: "object" }),
      "s/events/app.json": json({ type: "object" }),
      "s/defs/Customer.json": json({ type: "object", properties: { id: { type: "integer" } } }),
    });
    const { schemas, errors } = loadSchemaFolder(source, "s");
    expect(errors).toEqual([]);
    expect(Object.keys(schemas.events)).toEqual(["app", "orders/create", "shop/redact"]);
    expect(schemas.events["orders/create"]).toEqual({ type: "object", properties: { customer: { $ref: "#/defs/Customer" } } });
  });

  it("normalises file refs, shared refs and local $defs to #/defs/<Name>, with sorted keys", () => {
    const source = memorySource({
      "s/events/issues.opened.json": json({
        type: "object",
        properties: {
          sender: { $ref: "../defs/SimpleUser.json" },
          issue: { $ref: "#/$defs/issue" },
        },
        $defs: { issue: { type: "object", properties: { user: { $ref: "../defs/SimpleUser.json" } } } },
      }),
      "s/events/issues.closed.json": json({ type: "object", properties: { sender: { $ref: "../defs/SimpleUser.json#" } } }),
      "s/defs/SimpleUser.json": json({
        type: "object",
        properties: { plan: { $ref: "#/definitions/plan" }, parent: { $ref: "#" }, org: { $ref: "./Org.json" } },
        definitions: { plan: { type: "string" } },
      }),
      "s/defs/Org.json": json({ type: "object", properties: { owner: { $ref: "SimpleUser.json#/definitions/plan" } } }),
    });
    const { schemas, errors } = loadSchemaFolder(source, "s");
    expect(errors).toEqual([]);
    expect(Object.keys(schemas.events)).toEqual(["issues.closed", "issues.opened"]);
    expect(Object.keys(schemas.defs)).toEqual(["IssuesOpenedIssue", "Org", "SimpleUser", "SimpleUserPlan"]);
    expect(schemas.events["issues.opened"]).toEqual({
      type: "object",
      properties: { sender: { $ref: "#/defs/SimpleUser" }, issue: { $ref: "#/defs/IssuesOpenedIssue" } },
    });
    expect(schemas.events["issues.closed"]).toEqual({ type: "object", properties: { sender: { $ref: "#/defs/SimpleUser" } } });
    expect(schemas.defs["SimpleUser"]).toEqual({
      type: "object",
      properties: { plan: { $ref: "#/defs/SimpleUserPlan" }, parent: { $ref: "#/defs/SimpleUser" }, org: { $ref: "#/defs/Org" } },
    });
    expect(schemas.defs["IssuesOpenedIssue"]).toEqual({ type: "object", properties: { user: { $ref: "#/defs/SimpleUser" } } });
    expect(schemas.defs["Org"]).toEqual({ type: "object", properties: { owner: { $ref: "#/defs/SimpleUserPlan" } } });
    expect(schemas.sources).toEqual({
      "#/defs/IssuesOpenedIssue": "s/events/issues.opened.json",
      "#/defs/Org": "s/defs/Org.json",
      "#/defs/SimpleUser": "s/defs/SimpleUser.json",
      "#/defs/SimpleUserPlan": "s/defs/SimpleUser.json",
      "issues.closed": "s/events/issues.closed.json",
      "issues.opened": "s/events/issues.opened.json",
    });
  });

  it("reports unresolved and unsupported refs with file:line:col", () => {
    const source = memorySource({
      "s/events/a.json": json({
        properties: {
          x: { $ref: "../defs/Missing.json" },
          y: { $ref: "#/$defs/nope" },
          z: { $ref: "https://example.com/x.json" },
          w: { $ref: "../defs/User.json#/properties/id" },
          v: { $ref: "./b.json" },
          u: { $ref: "#" },
        },
      }),
      "s/events/b.json": json({}),
      "s/defs/User.json": json({ type: "object" }),
    });
    const messages = loadSchemaFolder(source, "s").errors.map((e) => e.message);
    expect(messages).toEqual([
      's/events/a.json:4:15: unresolved $ref "../defs/Missing.json" in s/events/a.json: no def file s/defs/Missing.json — add it or fix the ref',
      's/events/a.json:7:15: unresolved $ref "#/$defs/nope" in s/events/a.json: s/events/a.json has no $defs/nope',
      's/events/a.json:10:15: unresolved $ref "https://example.com/x.json" in s/events/a.json: remote refs are not supported — copy the schema into defs/ and use a relative ref',
      's/events/a.json:13:15: unresolved $ref "../defs/User.json#/properties/id" in s/events/a.json: refs must point at a whole file or at #/$defs/<Name> — move the referenced part to defs/',
      's/events/a.json:16:15: unresolved $ref "./b.json" in s/events/a.json: refs must point at files in defs/, not at events — move the shared part to defs/',
      's/events/a.json:19:15: unresolved $ref "#" in s/events/a.json: an event schema cannot reference itself — move the recursive part to defs/',
    ]);
  });

  it("reports keywords outside the subset, tuple items and nested $defs at their key", () => {
    const source = memorySource({
      "s/events/a.json": json({
        type: "object",
        properties: { tags: { type: "array", items: [{ type: "string" }], uniqueItems: true } },
        $defs: { x: { not: {} } },
        allOf: [{ definitions: {} }],
      }),
    });
    expect(loadSchemaFolder(source, "s").errors.map((e) => e.message)).toEqual([
      's/events/a.json:6:7: tuple "items" (an array of schemas) is not supported — use one schema for every item',
      's/events/a.json:11:7: keyword "uniqueItems" is not supported (docs/CONTRACTS.md lists the JSON Schema subset) — remove it or express it with supported keywords',
      's/events/a.json:16:7: keyword "not" is not supported (docs/CONTRACTS.md lists the JSON Schema subset) — remove it or express it with supported keywords',
      's/events/a.json:21:7: "definitions" is only read at the root of a schema file — move these definitions there',
    ]);
  });

  it("decodes percent-encoding and ~ escapes in local refs; data keywords are never rewritten", () => {
    const source = memorySource({
      "s/defs/User.json": json({
        properties: {
          a: { $ref: "#/%24defs/plan" },
          b: { $ref: "#/$defs/odd~1name" },
          c: { const: { $ref: "../defs/Missing.json" } },
        },
        $defs: { plan: { type: "string" }, "odd/name": { type: "integer" } },
      }),
    });
    const { schemas, errors } = loadSchemaFolder(source, "s");
    expect(errors).toEqual([]);
    expect(schemas.defs["User"]).toEqual({
      properties: { a: { $ref: "#/defs/UserPlan" }, b: { $ref: "#/defs/UserOddName" }, c: { const: { $ref: "../defs/Missing.json" } } },
    });
    expect(Object.keys(schemas.defs)).toEqual(["User", "UserOddName", "UserPlan"]);
  });

  it("detects a hoisted local def colliding with a def file, naming both", () => {
    const source = memorySource({
      "s/events/pay.json": json({ $defs: { user: { type: "string" } } }),
      "s/defs/PayUser.json": json({ type: "object" }),
    });
    expect(loadSchemaFolder(source, "s").errors.map((e) => e.message)).toEqual([
      's/events/pay.json:3:13: local definition "user" would become def "PayUser", which s/defs/PayUser.json already defines — rename one of them',
    ]);
  });

  it("reports invalid JSON, non-object schemas and non-PascalCase def names", () => {
    const source = memorySource({
      "s/events/bad.json": '{\n  "type": "object",\n  oops\n}\n',
      "s/events/list.json": "[]",
      "s/defs/simple_user.json": "{}",
    });
    const errors = loadSchemaFolder(source, "s").errors;
    expect(errors.map((e) => [e.file, e.line, e.column])).toEqual([
      ["s/events/bad.json", 3, 3],
      ["s/events/list.json", 1, 1],
      ["s/defs/simple_user.json", 1, 1],
    ]);
    expect(errors[0]?.detail).toMatch(/^invalid JSON: /);
    expect(errors[2]?.detail).toBe("def file names must be PascalCase — rename it to SimpleUser.json");
  });
});
