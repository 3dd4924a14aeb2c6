import { describe, expectTypeOf, it } from "vitest";
import type { UnknownWebhookEvent, WebhookEvent } from "./event.js";
import { Processor } from "./processor.js";

interface Events {
  "issues.opened": { issue: { number: number } };
  push: { ref: string };
}

describe("Processor typing", () => {
  it("types payloads by event name and rejects unknown names", () => {
    const p = new Processor<Events>("github", "default");
    p.on("issues.opened", (event) => {
      expectTypeOf(event.payload.issue.number).toEqualTypeOf<number>();
      expectTypeOf(event.type).toEqualTypeOf<"issues.opened">();
    });
    p.on(["issues.opened", "push"], (event) => {
      if (event.type === "push") expectTypeOf(event.payload.ref).toEqualTypeOf<string>();
    });
    p.on("*", (event) => {
      expectTypeOf(event).toEqualTypeOf<
        | (WebhookEvent<Events["issues.opened"], "issues.opened"> & { readonly known: true })
        | (WebhookEvent<Events["push"], "push"> & { readonly known: true })
        | UnknownWebhookEvent
      >();
      if (event.known && event.type === "push") expectTypeOf(event.payload.ref).toEqualTypeOf<string>();
    });
    p.on("issues", (event) => {
      expectTypeOf(event.type).toEqualTypeOf<"issues.opened">();
    });
    // @ts-expect-error: "push" has no actions, so "push.x" is no name
    p.on("push.x", () => {});
    // @ts-expect-error: not an event of this webhook
    p.on("issues.closed", () => {});
    p.use((event) => {
      expectTypeOf(event.type).toEqualTypeOf<"issues.opened" | "push">();
    });
  });
});
