/**
 * Conformance: the Stripe catalog is exactly the event types of stripe-node's `Stripe.Event` union
 * (node_modules/stripe/esm/resources/Events.d.ts, stripe-node as pinned in package.json), each with
 * the resource stripe-node gives its `data.object`.
 *
 * The .d.ts text is parsed here with regular expressions, independently of the TypeScript
 * compiler API walk in scripts/derive-stripe-schemas.ts, so a mistake in one shows up in the other.
 * It is compared with schemas/stripe/events/ (the catalog the generator reads), with the generated
 * provider definition (what the runtime accepts) and with the schemas' `data.object` refs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stripeProvider } from "../../generated/stripe/provider.js";
import { STRIPE_RESOURCES } from "../../scripts/derive-stripe-schemas.js";
import { readSchemaFolder, repoRoot } from "./schema-folder.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * Event types of `Stripe.Event` that the catalog leaves out, with the reason. None today: every
 * member of the union is a snapshot event delivered to webhook endpoints with the resource as
 * `data.object`. (Stripe's v2 "thin" events, `Stripe.V2.Core.Event`, are a different union with a
 * different envelope and are not part of `Stripe.Event`, so they are out of scope here.)
 */
const EXCEPTIONS: Record<string, string> = {};

const dts = readFileSync(`${repoRoot}node_modules/stripe/esm/resources/Events.d.ts`, "utf8");

function stripeEventUnion(): Map<string, { type: string; object: string[] }> {
  const union = /^export type Event = ([^;]+);$/m.exec(dts);
  if (!union) throw new Error("export type Event = … not found in Events.d.ts");
  const out = new Map<string, { type: string; object: string[] }>();
  for (const name of union[1]!.split("|").map((n) => n.trim())) {
    const type = new RegExp(`^export interface ${name} extends EventBase \\{\\s*type: '([^']+)';`, "m").exec(dts);
    const data = new RegExp(`^export declare namespace ${name} \\{\\s*interface Data extends Event\\.Data \\{\\s*object: ([^;]+);`, "m").exec(dts);
    if (!type || !data) throw new Error(`interface ${name} or its Data not found`);
    out.set(name, { type: type[1]!, object: data[1]!.split("|").map((t) => t.trim()).sort() });
  }
  return out;
}

/** `export type X = A | B;` aliases of the resource typings (ExternalAccount, CustomerSource). */
function resourceAliases(): Map<string, string[]> {
  const dir = `${repoRoot}node_modules/stripe/esm/resources/`;
  const out = new Map<string, string[]>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".d.ts"))) {
    for (const m of readFileSync(dir + f, "utf8").matchAll(/^export type (\w+) = ([\w.]+(?: \| [\w.]+)+);$/gm)) {
      out.set(m[1]!, m[2]!.split(" | ").sort());
    }
  }
  return out;
}

const union = stripeEventUnion();
const aliases = resourceAliases();
const stripeTypes = [...union.values()].map((e) => e.type).sort();
const folder = readSchemaFolder("stripe");

describe("the Stripe catalog", () => {
  it("has the event types of stripe-node's Stripe.Event union (minus the listed exceptions)", () => {
    expect(union.size).toBe(275);
    expect(new Set(stripeTypes).size).toBe(stripeTypes.length);
    const expected = stripeTypes.filter((t) => !(t in EXCEPTIONS));
    expect([...folder.events.keys()]).toEqual(expected);
    expect([...stripeProvider.events].sort()).toEqual(expected);
    for (const t of Object.keys(EXCEPTIONS)) expect(stripeTypes).toContain(t); // no stale exception
  });

  it("agrees with Event.Type, stripe-node's own list of type names", () => {
    const list = /^\s*type Type = ([^;]+);$/m.exec(dts);
    expect(list).not.toBeNull();
    const names = list![1]!.split("|").map((t) => t.trim().replace(/^'|'$/g, "")).sort();
    expect(names).toEqual(stripeTypes);
  });

  it("types data.object as the resource stripe-node gives each event", () => {
    const mismatches: string[] = [];
    for (const { type, object } of union.values()) {
      const schema = folder.events.get(type);
      if (!schema) continue; // an exception
      const data = (schema.properties as JsonObject).data as JsonObject;
      const node = (data.properties as JsonObject).object as JsonObject;
      const refs = (node.anyOf as JsonObject[] | undefined)?.map((b) => b.$ref) ?? [node.$ref];
      const defs = refs.map((r) => String(r).replace(/^\.\.\/defs\/|\.json$/g, ""));
      // stripe-node writes `Checkout.Session`, `Treasury.OutboundTransfer`: the def name is that
      // without the dot (CheckoutSession, TreasuryOutboundTransfer).
      // A named union is a def of that name whose anyOf lists the members.
      const expected = object.map((t) => t.replace(".", "")).sort();
      if (defs.length === 1 && aliases.has(defs[0]!) && JSON.stringify(object) === JSON.stringify([defs[0]])) {
        const members = (folder.defs.get(defs[0]!)?.anyOf as JsonObject[] | undefined)?.map((b) => String(b.$ref).replace(/^\.\/|\.json$/g, "")) ?? [];
        if (JSON.stringify(members.sort()) !== JSON.stringify(aliases.get(defs[0]!))) mismatches.push(`${type}: ${defs[0]} members ${members.join("|")}`);
        continue;
      }
      if (JSON.stringify([...defs].sort()) !== JSON.stringify(expected)) mismatches.push(`${type}: ${object.join("|")} vs ${defs.join("|")}`);
      for (const d of defs) if (STRIPE_RESOURCES[d] === undefined) mismatches.push(`${type}: ${d} is not a resource of the derivation`);
      for (const d of defs) if (!folder.defs.has(d)) mismatches.push(`${type}: no defs/${d}.json`);
    }
    expect(mismatches).toEqual([]);
  });

  it("shares one def per resource: every customer.subscription.* event refers to Subscription", () => {
    const sub = [...folder.events.keys()].filter((e) => e.startsWith("customer.subscription."));
    expect(sub.length).toBe(8);
    for (const e of sub) {
      const data = (folder.events.get(e)!.properties as JsonObject).data as JsonObject;
      expect((data.properties as JsonObject).object).toEqual({ $ref: "../defs/Subscription.json" });
    }
  });
});
