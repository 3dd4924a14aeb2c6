import { describe, expect, it } from "vitest";
import { shortDiff } from "./short-diff.js";

describe("shortDiff", () => {
  it("shows the differing region from its first line", () => {
    expect(shortDiff("a\nb\nc\nd\n", "a\nB\nc\nd\n")).toEqual(["@@ line 2 @@", "- b", "+ B"]);
  });

  it("shows an appended line as an addition only", () => {
    expect(shortDiff("a\n", "a\nz\n")).toEqual(["@@ line 2 @@", "+ z"]);
  });

  it("clips long regions", () => {
    const before = Array.from({ length: 20 }, (_, i) => `x${i}`).join("\n");
    const lines = shortDiff(before, "", 3);
    expect(lines).toEqual(["@@ line 1 @@", "- x0", "- x1", "- x2", "- … 17 more line(s)", "+ "]);
  });
});
