// Which route files `generate` writes: --frameworks, detection from package.json, and per-route
// files placed in a framework's routing folder (Next.js), with check/orphan/foreign rules intact.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectFrameworks } from "../../src/cli/frameworks.js";
import { cli, project } from "./harness.js";

const STRIPE = "webhooks:\n  default:\n    path: /webhooks/stripe/\n    events: [invoice.paid]\n";
const pkg = (deps: Record<string, string>) => JSON.stringify({ name: "app", dependencies: deps });
const routeFiles = (dir: string) => readdirSync(join(dir, "generated/routes")).sort();

describe("detectFrameworks", { timeout: 180_000 }, () => {
  it("picks every framework package.json depends on, in a fixed order, else express", () => {
    expect(detectFrameworks(project({ "package.json": pkg({ koa: "3", fastify: "5", hono: "4" }) }))).toEqual(["fastify", "hono", "koa"]);
    expect(detectFrameworks(project({ "package.json": pkg({ "@nestjs/core": "11", react: "19" }) }))).toEqual(["nest"]);
    expect(detectFrameworks(project({ "package.json": pkg({ zod: "4" }) }))).toEqual(["express"]);
    expect(detectFrameworks(project({}))).toEqual(["express"]);
    expect(detectFrameworks(project({ "package.json": "{ not json" }))).toEqual(["express"]);
  });

  it("maps next to the App Router, or to the Pages Router when only pages/ exists", () => {
    expect(detectFrameworks(project({ "package.json": pkg({ next: "16" }) }))).toEqual(["next-app"]);
    expect(detectFrameworks(project({ "package.json": pkg({ next: "16" }), "src/pages/index.tsx": "" }))).toEqual(["next-pages"]);
    expect(detectFrameworks(project({ "package.json": pkg({ next: "16" }), "pages/a.ts": "", "app/page.tsx": "" }))).toEqual(["next-app"]);
  });
});

describe("generate --frameworks", { timeout: 180_000 }, () => {
  it("writes the frameworks found in package.json by default", () => {
    const dir = project({ "package.json": pkg({ fastify: "5", hono: "4" }), "providers/stripe/webhook.yaml": STRIPE });
    const r = cli(dir, "generate");
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("with routes for [fastify, hono]");
    expect(routeFiles(dir)).toEqual(["fastify.ts", "hono.ts"]);
    expect(readFileSync(join(dir, "generated/routes/hono.ts"), "utf8")).toContain('from "smart-api-integrations/hono"');
  });

  it("writes exactly the frameworks asked for, and deletes the route files no longer asked for", () => {
    const dir = project({ "providers/stripe/webhook.yaml": STRIPE });
    expect(cli(dir, "generate", "--frameworks", "node, fetch,node").code).toBe(0);
    expect(routeFiles(dir)).toEqual(["fetch.ts", "node.ts"]);
    expect(readFileSync(join(dir, "generated/routes/node.ts"), "utf8")).toContain("export function createWebhookListener(");
    expect(readFileSync(join(dir, "generated/routes/fetch.ts"), "utf8")).toContain("export function handleWebhook(request: Request");
    expect(cli(dir, "check", "--frameworks", "fetch,node").code).toBe(0);
    const stale = cli(dir, "check", "--frameworks", "fetch");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("orphaned  generated/routes/node.ts");
    expect(cli(dir, "generate", "--frameworks", "fetch").stdout).toContain("1 removed");
    expect(routeFiles(dir)).toEqual(["fetch.ts"]);
  });

  it("takes its defaults from package.json's \"smart-api-integrations\" key; a flag wins", () => {
    const settings = { frameworks: ["koa", "fetch"] };
    const dir = project({
      "package.json": JSON.stringify({ dependencies: { express: "5" }, "smart-api-integrations": settings }),
      "providers/stripe/webhook.yaml": STRIPE,
    });
    expect(cli(dir, "generate").stdout).toContain("with routes for [koa, fetch]");
    expect(routeFiles(dir)).toEqual(["fetch.ts", "koa.ts"]);
    expect(cli(dir, "check").code).toBe(0);
    expect(cli(dir, "check", "--frameworks", "express").code).toBe(1);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ "smart-api-integrations": { frameworks: "koa" } }));
    const bad = cli(dir, "generate");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('package.json: "smart-api-integrations": frameworks: must be an array of framework names');
  });

  it("names the built-in frameworks when asked for an unknown one, and writes nothing", () => {
    const dir = project({ "providers/stripe/webhook.yaml": STRIPE });
    const r = cli(dir, "generate", "--frameworks", "expres");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown framework "expres": built in are express, fastify, hono, koa, nest, next-app, next-pages, node, fetch');
    expect(existsSync(join(dir, "generated"))).toBe(false);
  });
});

describe("per-route templates", { timeout: 180_000 }, () => {
  // A user's own next-app template, so this test does not depend on the built-in one's text.
  const TEMPLATE = 'import "{{ index }}";\nexport const route = {{ route }};\nexport const runtime = "{{ runtime }}";\n';

  it("writes one file per webhook into the routing folder, importing the generated index relatively", () => {
    const dir = project({
      "providers/stripe/webhook.yaml": STRIPE,
      "providers/github/webhook.yaml": "webhooks:\n  default:\n    path: /api/hooks/github\n",
      "tpl/next-app.route.ts.tpl": TEMPLATE,
    });
    const r = cli(dir, "generate", "--frameworks", "next-app", "--templates", "tpl", "--next-app-dir", "src/app");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const stripe = readFileSync(join(dir, "src/app/webhooks/stripe/route.ts"), "utf8");
    expect(stripe).toBe(
      "// @generated by smart-api-integrations from providers/*/webhook.yaml — do not edit.\n" +
        'import "../../../../generated/index.js";\n' +
        'export const route = { path: "/webhooks/stripe/", provider: "stripe", webhook: "default" };\n' +
        'export const runtime = "nodejs";\n',
    );
    expect(existsSync(join(dir, "src/app/api/hooks/github/route.ts"))).toBe(true);
    expect(existsSync(join(dir, "generated/routes"))).toBe(false);
    expect(cli(dir, "check", "--frameworks", "next-app", "--templates", "tpl", "--next-app-dir", "src/app").code).toBe(0);

    // A webhook removed from the specs: its route file is an orphan, shown from the project folder.
    rmSync(join(dir, "providers/github"), { recursive: true });
    const stale = cli(dir, "check", "--frameworks", "next-app", "--templates", "tpl", "--next-app-dir", "src/app");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("orphaned  src/app/api/hooks/github/route.ts");
    expect(cli(dir, "generate", "--frameworks", "next-app", "--templates", "tpl", "--next-app-dir", "src/app").stdout).toContain("5 removed"); // github's 4 files + its route
    expect(existsSync(join(dir, "src/app/api/hooks/github/route.ts"))).toBe(false);
  });

  it("never overwrites the user's own route file at a generated path", () => {
    const dir = project({
      "providers/stripe/webhook.yaml": STRIPE,
      "tpl/next-app.route.ts.tpl": TEMPLATE,
      "app/webhooks/stripe/route.ts": "export const POST = () => new Response('mine');\n",
    });
    const r = cli(dir, "generate", "--frameworks", "next-app", "--templates", "tpl");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("refusing to overwrite");
    expect(readFileSync(join(dir, "app/webhooks/stripe/route.ts"), "utf8")).toContain("mine");
  });

  it("refuses a webhook path that cannot be a file-system route", () => {
    const dir = project({
      "providers/stripe/webhook.yaml": "webhooks:\n  default:\n    path: /webhooks/:id/stripe\n",
      "tpl/next-app.route.ts.tpl": TEMPLATE,
    });
    const r = cli(dir, "generate", "--frameworks", "next-app", "--templates", "tpl");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('next-app: webhook stripe/default has path "/webhooks/:id/stripe", which cannot be a file-system route');
  });
});
