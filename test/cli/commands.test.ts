// Every command of the built CLI as a subprocess in a temporary project: output, exit code, files.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { builtPackage, cliMain, cleanEnv, root, run, tsc, TSCONFIG, userProject } from "./built-cli.js";

const STRIPE = "webhooks:\n  default:\n    path: /hooks/stripe\n    events: [payment_intent.succeeded, invoice.paid]\n";
const SUMMARY = /^generated 1 provider\(s\) \[stripe\] with routes for \[express\] into generated: (\d+) written, (\d+) unchanged, (\d+) removed in \d+ ms\n$/;

beforeAll(() => void builtPackage(), 300_000);

function files(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? files(dir, rel) : [rel];
  });
}

describe("the program", { timeout: 180_000 }, () => {
  it("--version prints the package version; no network, no update notice", () => {
    const r = run(root, ["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${(JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version}\n`);
    expect(r.stderr).toBe("");
  });

  it("a reader that closes the pipe early (| head -1) ends it quietly with exit 0, not an EPIPE stack", () => {
    const dir = userProject({ "providers/github/webhook.yaml": "" });
    // Thousands of lines: far more than a pipe buffer, so the write after head exits fails.
    const r = spawnSync("bash", ["-o", "pipefail", "-c", `"${process.execPath}" "${cliMain()}" list github --events | head -1`], { cwd: dir, encoding: "utf8", env: cleanEnv() });
    expect(r.stdout).toMatch(/^github {2}\(github signatures, \d+ events/);
    expect(r.stderr).not.toContain("EPIPE");
    expect(r.status).toBe(0);
  });

  it("prints no colour when stdout is not a TTY, even with FORCE_COLOR unset", () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE });
    const r = run(dir, ["list"]);
    expect(r.stdout).not.toContain("\u001b[");
  });
});

describe("init", { timeout: 180_000 }, () => {
  it("writes the config, a commented webhook.yaml and a typed handlers file, then never overwrites", () => {
    const dir = userProject({});
    const r = run(dir, ["init", "stripe"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("wrote smart-api-integrations.config.ts, providers/stripe/webhook.yaml, webhook_handlers.ts; next: smart-api-integrations generate\n");
    expect(readFileSync(join(dir, "smart-api-integrations.config.ts"), "utf8")).toContain('import { defineConfig } from "smart-api-integrations/config";');
    const yaml = readFileSync(join(dir, "providers/stripe/webhook.yaml"), "utf8");
    expect(yaml).toMatch(/^webhooks:\n {2}default:\n {4}path: \/webhooks\/stripe\//m);
    expect(yaml).not.toMatch(/^provider:/m); // the scheme and schemas stay the package's
    expect(readFileSync(join(dir, "webhook_handlers.ts"), "utf8")).toContain('stripe.on("payment_intent.succeeded", async (event) => {');

    const handlers = readFileSync(join(dir, "webhook_handlers.ts"), "utf8");
    const again = run(dir, ["init", "stripe"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("providers/stripe/webhook.yaml already exist(s); init never overwrites");
    expect(readFileSync(join(dir, "webhook_handlers.ts"), "utf8")).toBe(handlers);

    // A second provider: its own spec; the handlers file gains a processor, keeping what was there.
    const acme = run(dir, ["init", "acme"]);
    expect(acme.code).toBe(0);
    expect(acme.stdout).toContain("kept smart-api-integrations.config.ts");
    const both = readFileSync(join(dir, "webhook_handlers.ts"), "utf8");
    expect(both.startsWith(handlers)).toBe(true);
    expect(both).toContain('const acme = getWebhookRegistry().createProcessor("acme");');
  });

  it("init → generate → tsc: the new project compiles", () => {
    const dir = userProject({ "tsconfig.json": TSCONFIG });
    expect(run(dir, ["init", "stripe"]).code).toBe(0);
    expect(run(dir, ["generate"]).code).toBe(0);
    const compiled = tsc(dir);
    expect(compiled.stdout + compiled.stderr).toBe("");
    expect(compiled.code).toBe(0);
  });
});

describe("config file", { timeout: 180_000 }, () => {
  it("is found walking up from a subfolder; its paths are relative to it; flags override it", () => {
    const dir = userProject({
      "smart-api-integrations.config.ts": 'import { defineConfig } from "smart-api-integrations/config";\nexport default defineConfig({ providersDir: "hooks", outDir: "src/gen", importExtension: "none", frameworks: ["fetch"] });\n',
      "hooks/stripe/webhook.yaml": STRIPE,
      "src/app/.keep": "",
    });
    const r = run(join(dir, "src/app"), ["generate"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/with routes for \[fetch\] into src\/gen: 6 written/);
    expect(readFileSync(join(dir, "src/gen/stripe/index.ts"), "utf8")).toContain('from "./provider";');
    expect(readFileSync(join(dir, "src/gen/routes/fetch.ts"), "utf8")).toMatch(/from "\.\.\/index";/);

    const flagged = run(dir, ["generate", "--out", "other", "--import-extension", ".ts", "--dry-run"]);
    expect(flagged.stdout).toMatch(/into other: 6 would be written, 0 unchanged, 0 would be removed .*nothing written\n$/);
    expect(existsSync(join(dir, "other"))).toBe(false);
  });

  it(".json and .yaml configs work too; package.json's key is the fallback", () => {
    const json = userProject({ "smart-api-integrations.config.json": '{ "outDir": "gen-json" }\n', "providers/stripe/webhook.yaml": STRIPE });
    expect(run(json, ["generate"]).stdout).toContain("into gen-json:");
    const yaml = userProject({ "smart-api-integrations.config.yaml": "outDir: gen-yaml\n", "providers/stripe/webhook.yaml": STRIPE });
    expect(run(yaml, ["generate"]).stdout).toContain("into gen-yaml:");
    const pkg = userProject({
      "package.json": '{ "name": "a", "type": "module", "smart-api-integrations": { "frameworks": ["hono"], "outDir": "gen-pkg" } }\n',
      "providers/stripe/webhook.yaml": STRIPE,
    });
    expect(run(pkg, ["generate"]).stdout).toContain("with routes for [hono] into gen-pkg:");
  });

  it("a wrong option names the file and key, suggests the right one; exit 2", () => {
    const dir = userProject({ "smart-api-integrations.config.json": '{ "outdir": "x" }\n', "providers/stripe/webhook.yaml": STRIPE });
    const r = run(dir, ["generate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, "smart-api-integrations.config.json")}: outdir: unknown option — did you mean "outDir"?`);
    expect(r.stderr).toContain("fix:");
  });
});

describe("generate", { timeout: 180_000 }, () => {
  it("prints one summary line (written / unchanged / removed, time), leaves no temp files; --silent prints nothing", () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE });
    const first = run(dir, ["generate"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(SUMMARY);
    expect(SUMMARY.exec(first.stdout)!.slice(1)).toEqual(["6", "0", "0"]);
    expect(files(join(dir, "generated")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const again = run(dir, ["generate", "--silent"]);
    expect(again.code).toBe(0);
    expect(again.stdout + again.stderr).toBe("");
    expect(SUMMARY.exec(run(dir, ["generate"]).stdout)!.slice(1)).toEqual(["0", "6", "0"]);
  });

  it("--dry-run lists what would change and writes nothing; --verbose names each written file", () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE });
    const dry = run(dir, ["generate", "--dry-run"]);
    expect(dry.stdout).toContain("  write    generated/stripe/types.ts\n");
    expect(existsSync(join(dir, "generated"))).toBe(false);
    const verbose = run(dir, ["generate", "--verbose"]);
    expect(verbose.stderr).toContain("  wrote    generated/stripe/provider.ts");
  });

  it("a schema the generator cannot translate is reported at file:line:col with a fix", () => {
    const dir = userProject({});
    run(dir, ["init", "acme"]);
    const schema = join(dir, "providers/acme/schemas/events/example.created.json");
    const parsed = JSON.parse(readFileSync(schema, "utf8")) as { properties: { data: { properties: Record<string, unknown> } } };
    parsed.properties.data.properties["kind"] = { enum: [{ a: 1 }] };
    writeFileSync(schema, `${JSON.stringify(parsed, null, 2)}\n`);
    const r = run(dir, ["generate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: providers\/acme\/schemas\/events\/example\.created\.json:\d+:\d+ \(\/properties\/data\/properties\/kind\): enum\/const values must be/m);
    expect(r.stderr).toContain("fix:");
  });
});

describe("check", { timeout: 180_000 }, () => {
  it("exit 1 with missing, changed and orphaned files, each with a short diff", () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE });
    expect(run(dir, ["check"]).code).toBe(1);
    run(dir, ["generate"]);
    expect(run(dir, ["check"]).stdout).toBe("check: 6 generated file(s) in generated are up to date\n");
    writeFileSync(join(dir, "providers/stripe/webhook.yaml"), STRIPE.replace("/hooks/stripe", "/hooks/stripe-v2"));
    writeFileSync(join(dir, "generated/old.ts"), "// @generated by smart-api-integrations from providers/x/webhook.yaml — do not edit.\n");
    const r = run(dir, ["check"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("changed   generated/stripe/provider.ts\n      @@ line ");
    expect(r.stderr).toMatch(/^ {6}- .*"\/hooks\/stripe"/m);
    expect(r.stderr).toMatch(/^ {6}\+ .*"\/hooks\/stripe-v2"/m);
    expect(r.stderr).toContain("orphaned  generated/old.ts\n      - no longer generated; generate removes it");
  });
});

describe("list", { timeout: 180_000 }, () => {
  it("shows providers, webhooks, paths, schemes, whether each secret is set (never its value), events", () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE, "providers/github/webhook.yaml": "webhooks:\n  default:\n    events: [push]\n" });
    const unset = run(dir, ["list", "stripe", "--events"]);
    expect(unset.code).toBe(0);
    expect(unset.stdout).toBe(
      "stripe  (stripe signatures, 275 events, providers/stripe/webhook.yaml)\n" +
        "  default  POST /hooks/stripe  secret: STRIPE_WEBHOOK_SECRET (not set)  2 events\n" +
        "    invoice.paid\n    payment_intent.succeeded\n",
    );
    const set = run(dir, ["list"], { STRIPE_WEBHOOK_SECRET: "whsec_do_not_print_me" });
    expect(set.stdout).toContain("secret: STRIPE_WEBHOOK_SECRET (set)");
    expect(set.stdout).toContain("github  (github signatures");
    expect(set.stdout + set.stderr).not.toContain("whsec_do_not_print_me");
    const unknown = run(dir, ["list", "strpe"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean "stripe"?');
  });
});

describe("list --builtin", { timeout: 180_000 }, () => {
  const shipped = readdirSync(join(root, "providers")).filter((n) => existsSync(join(root, "providers", n, "webhook.yaml"))).sort();

  it("shows every provider the package ships, with its scheme, headers, events and the provider's own timeout", () => {
    const r = run(userProject({}), ["list", "--builtin"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(`${shipped.length} built-in providers (init <name> adds one to your project; docs/providers/<name>.md):`);
    for (const name of shipped) expect(r.stdout).toMatch(new RegExp(`^${name}  \\S.* [1-9]\\d* events\n  headers: \\S`, "m"));
    expect(r.stdout).toContain("slack  slack (hmac sha256 hex)  98 events\n  headers: x-slack-signature, x-slack-request-timestamp\n  handshake: slack_url_verification\n  provider waits 3 s; retries: 3 over 0.1 h");
    const one = run(userProject({}), ["list", "--builtin", "github", "--events"]);
    expect(one.stdout).toMatch(/^1 built-in providers[^\n]*\ngithub {2}github \(hmac sha256 hex\) {2}\d+ events\n/);
    expect(one.stdout).toContain("\n    push\n");
  });

  it("a project without providers is told so, then shown the built-ins", () => {
    const r = run(userProject({}), ["list"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^no providers in providers\/; add one with: smart-api-integrations init <provider>\n\n\d+ built-in providers/);
    for (const name of shipped) expect(r.stdout).toMatch(new RegExp(`^${name}  `, "m"));
  });

  it("--include reads only the named provider folders; a name with no folder is an error", () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE, "providers/github/webhook.yaml": "", "providers/slack/webhook.yaml": "provider: [" });
    const r = run(dir, ["list", "--include", "stripe,github"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^github {2}\(github signatures/m);
    expect(r.stdout).toMatch(/^stripe {2}\(stripe signatures/m);
    expect(r.stdout).not.toContain("slack");
    const typo = run(dir, ["list", "--include", "strpe"]);
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain('include names "strpe", but there is no providers/strpe/webhook.yaml');
  });
});

describe("test-webhook --print", { timeout: 180_000 }, () => {
  it("prints the signed request as a curl command, never the secret", () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE });
    const r = run(dir, ["test-webhook", "stripe", "--event", "invoice.paid", "--print"], { STRIPE_WEBHOOK_SECRET: "whsec_print_secret" });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^curl -sS -X POST http:\/\/localhost:3000\/hooks\/stripe \\\n {2}-H 'content-type: application\/json' \\\n {2}-H 'stripe-signature: t=\d+,v1=[0-9a-f]{64}' \\\n {2}--data-binary '\{.*"type":"invoice\.paid"/);
    expect(r.stdout).not.toContain("whsec_print_secret");
    const variant = run(dir, ["test-webhook", "stripe", "--event", "invoice.paid", "--print", "--variant", "duplicate"], { STRIPE_WEBHOOK_SECRET: "whsec_x" });
    expect(variant.stdout.match(/^curl /gm)).toHaveLength(2);
    expect(variant.stdout).toMatch(/^# duplicate: /);
  });
});

describe("add-handler", { timeout: 180_000 }, () => {
  const HANDLERS = `// My handlers. Formatting is mine: single quotes, no semicolons, 4 spaces.
import { getWebhookRegistry } from 'smart-api-integrations'
import './generated/index.js'

const payments = getWebhookRegistry().createProcessor('stripe')

payments.on('payment_intent.succeeded', async (event) => {
    return { status: 'processed', id: event.payload.data.object.id }
})
`;

  it("inserts a typed stub that compiles, keeping every byte of the file's own code and style", () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE, "webhook_handlers.ts": HANDLERS, "tsconfig.json": TSCONFIG });
    expect(run(dir, ["generate"]).code).toBe(0);
    const r = run(dir, ["add-handler", "stripe", "invoice.paid"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("added the invoice.paid handler for stripe to webhook_handlers.ts\n");
    const after = readFileSync(join(dir, "webhook_handlers.ts"), "utf8");
    expect(after.startsWith(HANDLERS)).toBe(true);
    expect(after.slice(HANDLERS.length)).toContain("\npayments.on('invoice.paid', async (event) => {\n    // event.payload");
    expect(after.slice(HANDLERS.length)).not.toMatch(/;$/m);
    const compiled = tsc(dir);
    expect(compiled.stdout + compiled.stderr).toBe("");
    expect(compiled.code).toBe(0);
  });

  it("refuses an unknown event with a suggestion, an unsubscribed one with the fix, and a duplicate handler", () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE, "webhook_handlers.ts": HANDLERS });
    const typo = run(dir, ["add-handler", "stripe", "invoice.payd"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown event "invoice.payd" of stripe — did you mean "invoice.paid"?');
    const unsubscribed = run(dir, ["add-handler", "stripe", "charge.refunded"]);
    expect(unsubscribed.code).toBe(2);
    expect(unsubscribed.stderr).toContain("add it to events: in providers/stripe/webhook.yaml");
    const twice = run(dir, ["add-handler", "stripe", "payment_intent.succeeded"]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("webhook_handlers.ts:7:13: a handler for \"payment_intent.succeeded\" is already registered");
    expect(readFileSync(join(dir, "webhook_handlers.ts"), "utf8")).toBe(HANDLERS);
  });
});

describe("doctor", { timeout: 180_000 }, () => {
  it("reports a handler that can never fire at file:line:col, unset secrets and stale files; exit 1", () => {
    const dir = userProject({
      "providers/stripe/webhook.yaml": STRIPE,
      "src/hooks.ts": [
        'import { getWebhookRegistry } from "smart-api-integrations";',
        'const stripe = getWebhookRegistry().createProcessor("stripe");',
        'stripe.on("invoice.paid", async () => undefined);',
        'stripe.on("charge.refunded", async () => undefined);',
        "",
      ].join("\n"),
    });
    const r = run(dir, ["doctor"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('src/hooks.ts:4:11: error: "charge.refunded" is outside the events: list of stripe.default');
    expect(r.stderr).toContain("fix: add charge.refunded to webhooks.default.events in providers/stripe/webhook.yaml");
    expect(r.stderr).not.toContain('"invoice.paid" is outside');
    expect(r.stderr).toContain("warning: STRIPE_WEBHOOK_SECRET is not set");
    expect(r.stderr).toMatch(/generated: error: 6 generated file\(s\) are missing or stale/);
  });

  it("passes a healthy project (secret set, generated, every handler subscribed)", () => {
    const dir = userProject({ "providers/stripe/webhook.yaml": STRIPE });
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src/hooks.ts"), 'import { getWebhookRegistry } from "smart-api-integrations";\ngetWebhookRegistry().createProcessor("stripe").on("invoice.paid", async () => undefined);\n');
    run(dir, ["generate"]);
    const r = run(dir, ["doctor"], { STRIPE_WEBHOOK_SECRET: "whsec_x" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("doctor: 1 provider(s) checked, no problems found\n");
    expect(r.code).toBe(0);
  });
});
