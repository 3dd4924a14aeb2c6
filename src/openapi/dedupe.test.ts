import { describe, expect, it } from "vitest";
import { DEFAULT_DEDUPE, dedupeShapes, type DedupeRoot } from "./dedupe.js";
import type { Json, JsonObject } from "./types.js";

const options = { ...DEFAULT_DEDUPE, isReserved: () => false };
const user = (description: string): JsonObject => ({
  type: "object",
  description,
  required: ["id", "login"],
  properties: { id: { type: "integer" }, login: { type: "string" }, url: { type: "string", description: `url (${description})` } },
});

function event(name: string, schema: Json): DedupeRoot {
  return { file: `events/${name}.json`, name, schema };
}

describe("dedupeShapes", () => {
  it("hoists an object shape that occurs twice, named after its property, keeping each site's description", () => {
    const { roots, hoisted } = dedupeShapes(
      [
        event("b.opened", { type: "object", properties: { sender: user("the sender") } }),
        event("a.opened", { type: "object", properties: { sender: user("who did it") } }),
      ],
      options,
    );
    expect([...hoisted.keys()]).toEqual(["Sender"]);
    // The def keeps the annotations of the first occurrence in sorted-path order (events/a.opened.json).
    expect(hoisted.get("Sender")).toEqual(user("who did it"));
    expect(roots.get("events/b.opened.json")).toEqual({ type: "object", properties: { sender: { $ref: "#/defs/Sender", description: "the sender" } } });
  });

  it("leaves shapes below the thresholds inline", () => {
    const small = { type: "object", properties: { a: { type: "string" }, b: { type: "string" } } };
    const once = dedupeShapes([event("a", { properties: { x: small, y: small, z: user("u") } })], options);
    expect(once.hoisted.size).toBe(0);
  });

  it("references an existing def whose root has the shape, and hoists nested shapes only when they still repeat", () => {
    const order = (customer: JsonObject): JsonObject => ({ type: "object", properties: { customer, id: { type: "string" }, total: { type: "integer" } } });
    const { roots, hoisted } = dedupeShapes(
      [
        { file: "defs/User.json", name: "User", def: "User", schema: user("a user") },
        event("x", { properties: { order: order(user("buyer")), again: order(user("buyer")) } }),
      ],
      options,
    );
    // `order` repeats (hoisted); its customer is the User def; nothing else is left to hoist.
    expect([...hoisted.keys()]).toEqual(["Again"]);
    expect(hoisted.get("Again")).toEqual({ type: "object", properties: { customer: { $ref: "#/defs/User", description: "buyer" }, id: { type: "string" }, total: { type: "integer" } } });
    expect(roots.get("events/x.json")).toEqual({ properties: { again: { $ref: "#/defs/Again" }, order: { $ref: "#/defs/Again" } } });
  });

  it("disambiguates colliding names with parent context, then a number, and avoids existing and reserved names", () => {
    const other: JsonObject = { type: "object", properties: { a: { type: "string" }, b: { type: "string" }, c: { type: "string" } } };
    const { hoisted } = dedupeShapes(
      [
        { file: "defs/Sender.json", name: "Sender", def: "Sender", schema: { type: "string" } },
        event("e1", { properties: { issue: { type: "object", properties: { sender: user("u"), x: { type: "string" }, y: { type: "string" } } } } }),
        event("e2", { properties: { issue: { type: "object", properties: { sender: user("u"), x: { type: "string" }, y: { type: "string" } } } } }),
        event("e3", { properties: { pr: { type: "object", properties: { sender: other } }, review: { type: "object", properties: { sender: other } } } }),
      ],
      { ...options, isReserved: (n) => n === "Issue" },
    );
    // `issue` repeats: hoisted, its `sender` then occurs once (inside the def) and stays inline.
    // `Issue` is reserved → the root's context (`E1Issue`); `Sender` is a def → the parent's (`PrSender`).
    expect([...hoisted.keys()]).toEqual(["E1Issue", "PrSender"]);
  });
});
