import { describe, expect, it } from "vitest";
import { compileExtraction } from "./extract.js";

describe("compileExtraction", () => {
  const slack = compileExtraction({
    type: { body: ["event.type", "type"], whenPresent: [{ path: "command", type: "slash_command" }] },
    id: { body: ["event_id"] },
  });

  it("names a delivery without a type by the first present when_present path", () => {
    expect(slack({}, { command: "/weather", text: "x" }, 5)).toMatchObject({ type: "slash_command", baseType: "slash_command", id: undefined, timestampMs: 5 });
  });

  it("never overrides a type the sources found, and ignores empty values", () => {
    expect(slack({}, { type: "block_actions", command: "/x" }, 0).type).toBe("block_actions");
    expect(slack({}, { event: { type: "app_mention" }, command: "/x" }, 0).type).toBe("app_mention");
    expect(slack({}, { command: "" }, 0).type).toBeUndefined();
  });

  it("appends the action and reads headers first (GitHub)", () => {
    const github = compileExtraction({ type: { header: "x-github-event", appendBody: "action" }, id: { header: "x-github-delivery" } });
    expect(github({ "x-github-event": "issues", "x-github-delivery": "d1" }, { action: "opened" }, 0)).toMatchObject({ type: "issues.opened", baseType: "issues", id: "d1" });
    expect(github({ "x-github-event": ["push", "x"] }, {}, 0).type).toBe("push, x");
  });
});
