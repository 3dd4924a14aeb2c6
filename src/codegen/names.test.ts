import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonSchema, ProviderSpec } from "../manifest/types.js";
import { acme, beta } from "./__fixtures__/specs.js";
import { generate } from "./generate.js";
import { camelCase, NameTable, pascalCase } from "./names.js";

describe("pascalCase", () => {
  it.each([
    ["payment_intent.succeeded", "PaymentIntentSucceeded"],
    ["issues.opened", "IssuesOpened"],
    ["simple-user", "SimpleUser"],
    ["simple_user", "SimpleUser"],
    ["SimpleUser", "SimpleUser"],
    ["GPGKey", "GPGKey"],
    ["oauth2.token", "Oauth2Token"],
    ["3ds.done", "_3dsDone"],
    ["check_run.requested_action", "CheckRunRequestedAction"],
  ])("%s → %s", (input, output) => {
    expect(pascalCase(input)).toBe(output);
  });

  it("rejects names without letters or digits", () => {
    expect(() => pascalCase("--")).toThrow(/cannot make an identifier/);
  });

  it("always yields an identifier and is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => /[A-Za-z0-9]/.test(s)), (s) => {
        const once = pascalCase(s);
        expect(once).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        expect(pascalCase(once)).toBe(once);
      }),
    );
  });

  it("camelCase lower-cases the first letter", () => {
    expect(camelCase("github")).toBe("github");
    expect(camelCase("my-api")).toBe("myApi");
  });
});

describe("NameTable", () => {
  it("accepts the same source twice and rejects a second source", () => {
    const table = new NameTable({ Pick: "the utility type" });
    table.claim("Foo", "a");
    expect(table.claim("Foo", "a")).toBe("Foo");
    expect(() => table.claim("Foo", "b")).toThrow(/Foo would be generated for both a and b/);
    expect(() => table.claim("Pick", "def Pick")).toThrow(/the utility type and def Pick/);
  });
});

const withDefs = (spec: ProviderSpec, defs: Record<string, JsonSchema>, events = spec.schemas.events): ProviderSpec => ({
  ...spec,
  schemas: { ...spec.schemas, defs, events },
});

describe("collisions in generate", () => {
  const options = { templates: {} };

  it("names both defs that normalise to one identifier", () => {
    const spec = withDefs(beta, { "simple-user": {}, simple_user: {} });
    expect(() => generate([spec], options)).toThrow(/SimpleUser .*def "simple-user".*def "simple_user"/);
  });

  it("names an event and a def that normalise to one identifier", () => {
    const spec = withDefs(beta, { StarCreatedEvent: {} });
    expect(() => generate([spec], options)).toThrow(/StarCreatedEvent .*def "StarCreatedEvent".*event "star.created"/);
  });

  it("names two events that normalise to one identifier", () => {
    const spec = withDefs(beta, {}, { "star.created": {}, star_created: {} });
    expect(() => generate([spec], options)).toThrow(/event "star.created".*event "star_created"/);
  });

  it("names two webhooks that normalise to one identifier", () => {
    const spec: ProviderSpec = { ...beta, webhooks: { default: beta.webhooks["default"]!, Default: beta.webhooks["default"]! } };
    expect(() => generate([spec], options)).toThrow(/BetaDefaultEvents .*webhook "Default".*webhook "default"/);
  });

  it("names two providers whose constants collide", () => {
    const other: ProviderSpec = { ...acme, name: "ac-me", displayName: "AcMe2", source: "providers/ac-me/webhook.yaml" };
    const renamed: ProviderSpec = { ...acme, name: "acMe", displayName: "Acme3" };
    expect(() => generate([renamed, other], options)).toThrow(/acMeProvider .*"ac-me".*"acMe"/);
  });

  it("rejects a def named like a name the types file uses", () => {
    expect(() => generate([withDefs(beta, { Pick: {} })], options)).toThrow(/Pick .*utility type/);
  });

  it("rejects a provider defined twice", () => {
    expect(() => generate([beta, beta], options)).toThrow(/defined twice/);
  });
});
