import { describe, expect, it } from "vitest";
import { addHandlerStub, detectStyle, HandlerExistsError } from "./handler-stub.js";
import { parseSource, scanHandlers } from "./handlers-source.js";

const request = { provider: "stripe", webhook: "default", event: "invoice.paid", generatedIndex: "./generated/index.js" };

const SINGLE_NO_SEMI = `import { getWebhookRegistry } from 'smart-api-integrations'
import './generated/index.js'

const payments = getWebhookRegistry().createProcessor('stripe')

payments.on('payment_intent.succeeded', async (event) => {
    return { status: 'processed', id: event.payload.data.object.id }
})
`;

describe("addHandlerStub", () => {
  it("appends to the existing processor in the file's own style, leaving every other byte alone", () => {
    const out = addHandlerStub(SINGLE_NO_SEMI, request);
    expect(out.startsWith(SINGLE_NO_SEMI)).toBe(true);
    expect(out.slice(SINGLE_NO_SEMI.length)).toBe(
      [
        "",
        "payments.on('invoice.paid', async (event) => {",
        "    // event.payload is typed as the invoice.paid payload. What you return becomes the response body.",
        "    console.log(event.type, event.id)",
        "    return { status: 'processed' }",
        "})",
        "",
      ].join("\n"),
    );
  });

  it("adds the imports and the processor an empty file lacks", () => {
    const out = addHandlerStub("", request);
    expect(out).toBe(
      [
        'import { getWebhookRegistry } from "smart-api-integrations";',
        'import "./generated/index.js"; // registers the generated providers and their types',
        "",
        'const stripe = getWebhookRegistry().createProcessor("stripe");',
        "",
        'stripe.on("invoice.paid", async (event) => {',
        "  // event.payload is typed as the invoice.paid payload. What you return becomes the response body.",
        "  console.log(event.type, event.id);",
        '  return { status: "processed" };',
        "});",
        "",
      ].join("\n"),
    );
  });

  it("creates a processor for another webhook next to the existing one", () => {
    const out = addHandlerStub(SINGLE_NO_SEMI, { ...request, webhook: "connect" });
    expect(out).toContain("const stripeConnect = getWebhookRegistry().createProcessor('stripe', 'connect')\n");
    expect(out).toContain("stripeConnect.on('invoice.paid'");
  });

  it("refuses an event that already has a handler, naming its line", () => {
    expect(() => addHandlerStub(SINGLE_NO_SEMI, { ...request, event: "payment_intent.succeeded" })).toThrow(HandlerExistsError);
    expect(() => addHandlerStub(SINGLE_NO_SEMI, { ...request, event: "payment_intent.succeeded" })).toThrow(/line 6/);
  });
});

describe("detectStyle", () => {
  it("reads quotes, semicolons and indentation", () => {
    expect(detectStyle(SINGLE_NO_SEMI)).toEqual({ quote: "'", semicolon: false, indent: "    " });
    expect(detectStyle('const a = "x";\nif (a) {\n\tb();\n}\n')).toEqual({ quote: '"', semicolon: true, indent: "\t" });
  });
});

describe("scanHandlers", () => {
  it("finds variables, chains and arrays of event names with their positions", () => {
    const file = parseSource(`const gh = registry.createProcessor("github");
gh.on(["issues.opened", "push"], h).on("star.created", h);
registry.createProcessor("stripe", "connect").on("invoice.paid", h);
other.on("not.ours", h);
`);
    const scan = scanHandlers(file);
    expect(scan.processors).toEqual([{ variable: "gh", provider: "github", webhook: "default", line: 1 }]);
    expect(scan.handlers.map((h) => `${h.provider}.${h.webhook}:${h.event}@${h.line}:${h.column}`).sort()).toEqual([
      "github.default:issues.opened@2:8",
      "github.default:push@2:25",
      "github.default:star.created@2:40",
      "stripe.connect:invoice.paid@3:50",
    ]);
  });
});
