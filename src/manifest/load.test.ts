import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SpecError, SpecErrors } from "./errors.js";
import { loadProviderSpecs } from "./load.js";
import { memorySource, type SpecSource } from "./source.js";

const STRIPE = `provider:
  display_name: Stripe
  signature: { scheme: stripe, header: Stripe-Signature, tolerance_seconds: 300 }
  event:
    type: { body: [type] }
    id: { body: [id] }
    timestamp: { body: [created], unit: s }
  schemas: ../../schemas/stripe
webhooks:
  default:
    path: /webhooks/stripe/
    signing_secret_env: STRIPE_WEBHOOK_SECRET
`;

const GITHUB = `provider:
  display_name: GitHub
  signature: { scheme: github, header: X-Hub-Signature-256 }
  event:
    type: { header: X-GitHub-Event, append_body: action }
    id: { header: X-GitHub-Delivery }
  schemas: ../../schemas/github
webhooks:
  default:
    path: /webhooks/github/
    signing_secret_env: GITHUB_WEBHOOK_SECRET
`;

const schemaFiles = {
  "schemas/stripe/events/payment_intent.succeeded.json": '{ "type": "object", "properties": { "data": { "$ref": "../defs/Data.json" } } }',
  "schemas/stripe/events/payment_intent.payment_failed.json": '{ "type": "object" }',
  "schemas/stripe/events/charge.succeeded.json": '{ "type": "object" }',
  "schemas/stripe/defs/Data.json": '{ "type": "object" }',
  "schemas/github/events/issues.opened.json": '{ "type": "object" }',
  "schemas/github/events/issues.closed.json": '{ "type": "object" }',
  "schemas/github/events/push.json": '{ "type": "object" }',
};

/** A user project (`providers/`) plus the package (`pkg/providers`, `pkg/schemas`). */
function project(user: Record<string, string>): SpecSource {
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(schemaFiles)) files[`pkg/${k}`] = v;
  files["pkg/providers/stripe/webhook.yaml"] = STRIPE;
  files["pkg/providers/github/webhook.yaml"] = GITHUB;
  for (const [k, v] of Object.entries(user)) files[`providers/${k}`] = v;
  return memorySource(files);
}

const load = (user: Record<string, string>) =>
  loadProviderSpecs({ source: project(user), providersDir: "providers", builtinDir: "pkg/providers" });

function errorsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SpecErrors);
    const errs = (e as SpecErrors).errors;
    for (const x of errs) expect(x).toBeInstanceOf(SpecError);
    expect((e as SpecErrors).message).toBe(errs.map((x) => x.message).join("\n"));
    return errs.map((x) => x.message);
  }
  throw new Error("expected SpecErrors");
}

describe("loadProviderSpecs: valid specs", () => {
  it("loads the package's own providers without merging (builtinDir = providersDir)", () => {
    const source = project({});
    const specs = loadProviderSpecs({ source, providersDir: "pkg/providers", builtinDir: "pkg/providers" });
    expect(specs.map((s) => s.name)).toEqual(["github", "stripe"]);
    const stripe = specs[1];
    expect(stripe).toEqual({
      name: "stripe",
      displayName: "Stripe",
      source: "pkg/providers/stripe/webhook.yaml",
      signature: { scheme: "stripe", header: "stripe-signature", toleranceSeconds: 300 },
      event: { type: { body: ["type"] }, id: { body: ["id"] }, timestamp: { body: ["created"], unit: "s" } },
      bodyFormat: "json",
      schemas: expect.objectContaining({ defs: { Data: { type: "object" } } }) as unknown,
      webhooks: {
        default: {
          path: "/webhooks/stripe/",
          verifySignature: true,
          secretEnv: "STRIPE_WEBHOOK_SECRET",
          validation: "lenient",
          invalidStatus: 202,
          maxBodyBytes: 1_048_576,
        },
      },
    });
    expect(Object.keys(stripe?.schemas.events ?? {})).toEqual([
      "charge.succeeded",
      "payment_intent.payment_failed",
      "payment_intent.succeeded",
    ]);
    expect(stripe?.schemas.events["payment_intent.succeeded"]).toEqual({
      type: "object",
      properties: { data: { $ref: "#/defs/Data" } },
    });
  });

  it("merges a user file key by key over the built-in and adds new webhooks", () => {
    const [stripe] = load({
      "stripe/webhook.yaml": `webhooks:
  default:
    events: [payment_intent.succeeded]
    rate_limit: { requests_per_minute: 60, burst_limit: 10 }
    ip_whitelist: [192.168.1.1, 10.0.0.0/24, "2001:db8::/32"]
    validation: strict
    invalid_status: 422
  connect:
    path: /webhooks/stripe/connect
    verify_signature: false
    max_body_bytes: 2048
`,
    });
    expect(stripe?.source).toBe("providers/stripe/webhook.yaml");
    expect(stripe?.signature).toEqual({ scheme: "stripe", header: "stripe-signature", toleranceSeconds: 300 });
    expect(Object.keys(stripe?.webhooks ?? {})).toEqual(["connect", "default"]);
    expect(stripe?.webhooks["default"]).toEqual({
      path: "/webhooks/stripe/",
      verifySignature: true,
      secretEnv: "STRIPE_WEBHOOK_SECRET",
      events: ["payment_intent.succeeded"],
      rateLimit: { requestsPerMinute: 60, burstLimit: 10 },
      ipAllowlist: ["192.168.1.1", "10.0.0.0/24", "2001:db8::/32"],
      validation: "strict",
      invalidStatus: 422,
      maxBodyBytes: 1_048_576,
    });
    expect(stripe?.webhooks["connect"]).toEqual({
      path: "/webhooks/stripe/connect",
      verifySignature: false,
      validation: "lenient",
      invalidStatus: 202,
      maxBodyBytes: 2048,
    });
  });

  it("lets a user replace single provider keys, resolving schemas relative to the user's file", () => {
    const [stripe] = load({
      "stripe/webhook.yaml": "provider:\n  display_name: MyStripe\n  schemas: ../../my-schemas\n",
      "../my-schemas/events/custom.event.json": "{}",
    });
    expect(stripe?.displayName).toBe("MyStripe");
    expect(stripe?.event.type).toEqual({ body: ["type"] });
    expect(Object.keys(stripe?.schemas.events ?? {})).toEqual(["custom.event"]);
  });

  it("treats an empty user file as the built-in unchanged", () => {
    const [stripe] = load({ "stripe/webhook.yaml": "" });
    expect(stripe?.webhooks["default"]?.path).toBe("/webhooks/stripe/");
  });

  it("expands event groups for providers with append_body, and accepts a custom provider", () => {
    const specs = load({
      "github/webhook.yaml": "webhooks:\n  default:\n    events: [issues, push, issues.opened]\n",
      "acme/webhook.yaml": `provider:
  signature: { scheme: hmac, header: X-Acme-Signature, prefix: "sha256=", timestamp_header: X-Acme-Time, tolerance_seconds: 60 }
  event: { type: { header: X-Acme-Event } }
  body_format: form
webhooks:
  default: { path: /hooks/acme, signing_secret_env: ACME_SECRET }
`,
    });
    expect(specs.map((s) => s.name)).toEqual(["acme", "github"]);
    expect(specs[1]?.webhooks["default"]?.events).toEqual(["issues.closed", "issues.opened", "push"]);
    expect(specs[0]).toMatchObject({
      displayName: "Acme",
      bodyFormat: "form",
      signature: {
        scheme: "hmac",
        header: "x-acme-signature",
        algorithm: "sha256",
        encoding: "hex",
        prefix: "sha256=",
        signedContent: "{body}",
        timestampHeader: "x-acme-time",
        toleranceSeconds: 60,
      },
      event: { type: { header: "x-acme-event" } },
      schemas: { events: {}, defs: {}, sources: {} },
    });
  });

  it("loads only the folders `include` names (the others are not even parsed); a name with no folder is an error", () => {
    const source = project({ "stripe/webhook.yaml": "", "github/webhook.yaml": "", "broken/webhook.yaml": "provider: [" });
    const only = (include: string[]) => loadProviderSpecs({ source, providersDir: "providers", builtinDir: "pkg/providers", include });
    expect(only(["stripe"]).map((s) => s.name)).toEqual(["stripe"]);
    expect(only(["github", "stripe"]).map((s) => s.name)).toEqual(["github", "stripe"]);
    expect(errorsOf(() => only(["stripe", "strpe"])).join("\n")).toMatch(/include names "strpe", but there is no providers\/strpe\/webhook\.yaml — have: broken, github, stripe/);
    expect(errorsOf(() => only(["broken"])).length).toBeGreaterThan(0);
  });

  it("ignores folders without a webhook.yaml and a missing providers dir", () => {
    expect(load({ "notes/readme.md": "hi" })).toEqual([]);
    expect(loadProviderSpecs({ source: memorySource({}), providersDir: "providers" })).toEqual([]);
  });
});

describe("loadProviderSpecs: errors with file:line:col", () => {
  it("reports an unknown key with the nearest valid one", () => {
    expect(errorsOf(() => load({
      "stripe/webhook.yaml": "# my stripe\n\nwebhooks:\n  default:\n    path: /x/\n\n    rate_limt: { requests_per_minute: 1, burst_limit: 1 }\n",
    }))).toEqual(['providers/stripe/webhook.yaml:7:5: unknown key "rate_limt" in webhooks.default — did you mean "rate_limit"?']);
  });

  it("collects every shape error of a file, in order", () => {
    expect(errorsOf(() => load({
      "stripe/webhook.yaml": `webhooks:
  default:
    verify_signature: yes
    validation: lenint
    invalid_status: 500
    ip_whitelist: [10.0.0.1, 10.0.0.0/33]
    max_body_bytes: -1
    rate_limit: { requests_per_minute: 60 }
  Bad:
    path: /b/
provider:
  signature: { scheme: stripey }
  colour: red
`,
    }))).toEqual([
      'providers/stripe/webhook.yaml:3:23: webhooks.default.verify_signature must be a boolean (got string "yes")',
      'providers/stripe/webhook.yaml:4:17: webhooks.default.validation must be one of strict, lenient, off (got "lenint") — did you mean "lenient"?',
      "providers/stripe/webhook.yaml:5:21: webhooks.default.invalid_status must be one of 202, 422 (got 500)",
      "providers/stripe/webhook.yaml:6:30: invalid webhooks.default.ip_whitelist[1]: must be an IPv4/IPv6 address or CIDR range such as 10.0.0.0/24",
      "providers/stripe/webhook.yaml:7:21: invalid webhooks.default.max_body_bytes: Too small: expected number to be >=1",
      'providers/stripe/webhook.yaml:8:5: missing required key "burst_limit" in webhooks.default.rate_limit',
      'providers/stripe/webhook.yaml:9:3: invalid name "Bad" in webhooks: webhook names must match [a-z][a-z0-9_-]*',
      'providers/stripe/webhook.yaml:12:24: provider.signature.scheme must be one of none, stripe, github, slack, hmac, ed25519, ecdsa-p256, token, standard-webhooks (got "stripey") — did you mean "stripe"?',
      'providers/stripe/webhook.yaml:13:3: unknown key "colour" in provider — valid keys: name, display_name, signature, event, body_format, handshake, schemas, delivery',
    ]);
  });

  it("reports YAML syntax errors and non-map documents", () => {
    expect(errorsOf(() => load({ "stripe/webhook.yaml": "webhooks:\n  default: {\n" }))[0]).toMatch(
      /^providers\/stripe\/webhook\.yaml:\d+:\d+: YAML syntax: /,
    );
    expect(errorsOf(() => load({ "stripe/webhook.yaml": "a: 1\na: 2\n" }))).toEqual([
      expect.stringMatching(/^providers\/stripe\/webhook\.yaml:2:1: YAML syntax: .*[Uu]nique/) as unknown as string,
    ]);
    expect(errorsOf(() => load({ "stripe/webhook.yaml": "- 1\n" }))).toEqual([
      "providers/stripe/webhook.yaml:1:1: the top level must be a map (got a list)",
    ]);
  });

  it("reports unknown events with a suggestion, pointing at the list item", () => {
    expect(errorsOf(() => load({
      "stripe/webhook.yaml": "webhooks:\n  default:\n    events:\n      - payment_intent.succeeded\n      - payment.succeeded\n",
      "github/webhook.yaml": "webhooks:\n  default:\n    events: [push, isues]\n",
    }))).toEqual([
      'providers/github/webhook.yaml:3:20: unknown event "isues" — did you mean "issues"?',
      'providers/stripe/webhook.yaml:5:9: unknown event "payment.succeeded" — did you mean "payment_intent.succeeded"?',
    ]);
  });

  it("requires a path for new webhooks, and a provider section for custom providers", () => {
    expect(errorsOf(() => load({
      "stripe/webhook.yaml": "webhooks:\n  connect:\n    verify_signature: false\n",
      "acme/webhook.yaml": "webhooks:\n  default: { path: /acme }\n",
    }))).toEqual([
      'providers/acme/webhook.yaml:1:1: missing required key "signature" in provider — "acme" is not a built-in provider, so its provider section must define signature and event',
      'providers/acme/webhook.yaml:1:1: missing required key "event" in provider — "acme" is not a built-in provider, so its provider section must define signature and event',
      'providers/stripe/webhook.yaml:2:3: webhook "connect" needs a path: the built-in stripe spec has no webhook of that name',
    ]);
  });

  it("rejects duplicate paths across providers (trailing slash ignored)", () => {
    expect(errorsOf(() => load({
      "stripe/webhook.yaml": "webhooks:\n  connect:\n    path: /webhooks/github\n    signing_secret_env: X\n",
      "github/webhook.yaml": "",
    }))).toEqual([
      'providers/stripe/webhook.yaml:3:11: path "/webhooks/github" is already used by github.default — every webhook needs its own path',
    ]);
  });

  it("rejects a per-webhook signature_header that differs, a missing secret env and a missing schema folder", () => {
    expect(errorsOf(() => load({
      "stripe/webhook.yaml": `provider:
  schemas: ./nowhere
webhooks:
  default:
    signature_header: stripe-signature
  other:
    path: /o
    signature_header: X-Other
`,
    }))).toEqual([
      "providers/stripe/webhook.yaml:2:12: schema folder providers/stripe/nowhere not found — fix provider.schemas (it is relative to this file)",
      'providers/stripe/webhook.yaml:6:3: webhook "other" verifies signatures but sets no signing_secret_env — name the environment variable holding the secret (or set verify_signature: false)',
      'providers/stripe/webhook.yaml:8:23: signature_header "X-Other" differs from the provider\'s signature header "stripe-signature"; per-webhook header overrides are not supported yet — remove signature_header or change provider.signature.header',
    ]);
  });

  it("points at the built-in file for errors in it", () => {
    const source = memorySource({
      "pkg/providers/stripe/webhook.yaml": "webhooks:\n  default:\n    pth: /x\n",
      "providers/stripe/webhook.yaml": "",
    });
    expect(errorsOf(() => loadProviderSpecs({ source, providersDir: "providers", builtinDir: "pkg/providers" }))).toEqual([
      'pkg/providers/stripe/webhook.yaml:3:5: unknown key "pth" in webhooks.default — did you mean "path"?',
    ]);
  });

  it("requires a header or body path for event values", () => {
    expect(errorsOf(() => load({
      "acme/webhook.yaml": "provider:\n  signature: { scheme: none }\n  event:\n    type: {}\nwebhooks:\n  default: { path: /a }\n",
    }))).toEqual(["providers/acme/webhook.yaml:4:11: provider.event.type needs a header or a body path to read the value from"]);
  });
});

describe("loadProviderSpecs: determinism and robustness", () => {
  it("gives identical output whatever order directories are listed in", () => {
    const base = project({
      "stripe/webhook.yaml": "webhooks:\n  b: { path: /b, verify_signature: false }\n  a: { path: /a, verify_signature: false }\n",
      "github/webhook.yaml": "",
    });
    const expected = JSON.stringify(loadProviderSpecs({ source: base, providersDir: "providers", builtinDir: "pkg/providers" }));
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const shuffled: SpecSource = {
          readFile: (p) => base.readFile(p),
          listDir: (p) => {
            const list = base.listDir(p);
            if (list === undefined) return undefined;
            // Deterministic pseudo-shuffle per seed.
            return [...list].map((v, i) => ({ v, k: Math.sin(seed + i * 7919) })).sort((x, y) => x.k - y.k).map((x) => x.v);
          },
        };
        const out = JSON.stringify(loadProviderSpecs({ source: shuffled, providersDir: "providers", builtinDir: "pkg/providers" }));
        expect(out).toBe(expected);
      }),
      { numRuns: 30 },
    );
  });

  it("never throws anything but SpecErrors on arbitrary YAML-ish text", () => {
    const token = fc.constantFrom(
      "webhooks", "provider", "default", "path", "events", "rate_limit", "ip_whitelist", "signature", "scheme",
      "stripe", "hmac", "event", "type", "body", "header", ":", ": ", "- ", "\n", "  ", "{", "}", "[", "]", ",",
      "&a", "*a", "!!binary", "null", "1", "-1", "true", "\"", "'", "#", "/x", "?", "|", ">", "<<", "~", "\t",
    );
    const text = fc.oneof(fc.string(), fc.array(token, { maxLength: 40 }).map((t) => t.join("")));
    fc.assert(
      fc.property(text, text, (user, builtin) => {
        const source = memorySource({
          "providers/stripe/webhook.yaml": user,
          "pkg/stripe/webhook.yaml": builtin,
        });
        try {
          loadProviderSpecs({ source, providersDir: "providers", builtinDir: "pkg" });
        } catch (e) {
          if (!(e instanceof SpecErrors)) throw e;
        }
      }),
      { numRuns: 400 },
    );
  });
});
