// NestWebhooks.bypassBodyParsers on hand-made router stacks: which layers it wraps and what the
// wrapped parsers still do. The HTTP behaviour is in test/e2e/adapters/nest.test.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { WebhookRegistry } from "../runtime/registry.js";
import { NestWebhooks } from "./nest.js";

const routes = [{ provider: "stripe", webhook: "default", path: "/webhooks/stripe/" }];
const webhooks = new NestWebhooks(routes, { registry: new WebhookRegistry() });

function parser(name: string, seen: string[]) {
  return { [name]: (req: IncomingMessage, _res: ServerResponse, next: () => void) => void (seen.push(req.url ?? ""), next()) }[name]!;
}

function run(layer: { handle?: unknown }, url: string): boolean {
  let nexted = false;
  (layer.handle as (req: unknown, res: unknown, next: () => void) => void)({ url }, {}, () => (nexted = true));
  return nexted;
}

describe("NestWebhooks.bypassBodyParsers", () => {
  it("wraps body-parser layers of an Express 5 app, keeping their names, and skips only webhook paths", () => {
    const seen: string[] = [];
    const other = (_req: unknown, _res: unknown, next: () => void) => next();
    const stack = [{ handle: other }, { handle: parser("jsonParser", seen) }, { handle: parser("urlencodedParser", seen) }];
    expect(webhooks.bypassBodyParsers({ router: { stack } })).toBe(2);
    expect(stack[0]!.handle).toBe(other);
    expect(stack.map((l) => l.handle.name)).toEqual(["other", "jsonParser", "urlencodedParser"]);
    for (const url of ["/webhooks/stripe/", "/webhooks/stripe", "/webhooks/stripe?x=1", "/echo"]) {
      expect(run(stack[1]!, url)).toBe(true);
    }
    expect(seen).toEqual(["/echo"]);
  });

  it("finds Express 4's app._router.stack, and wraps nothing on anything else", () => {
    const stack = [{ handle: parser("rawParser", []) }, { handle: parser("textParser", []) }];
    expect(webhooks.bypassBodyParsers({ _router: { stack } })).toBe(2);
    expect(webhooks.bypassBodyParsers(undefined)).toBe(0);
    expect(webhooks.bypassBodyParsers({ router: {} })).toBe(0);
    expect(
      webhooks.bypassBodyParsers({
        get router(): never {
          throw new Error("Express 4's app.router getter");
        },
      }),
    ).toBe(0);
  });
});
