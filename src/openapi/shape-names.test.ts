import { describe, expect, it } from "vitest";
import { assignShapeNames, nameCandidates } from "./shape-names.js";

describe("nameCandidates", () => {
  it("starts at the property, then adds parent context, then the file's root name", () => {
    expect(nameCandidates({ file: "events/issues.opened.json", rootName: "issues.opened", path: ["properties", "issue", "properties", "user"] })).toEqual([
      "User",
      "IssueUser",
      "IssuesOpenedIssueUser",
    ]);
    expect(nameCandidates({ file: "defs/X.json", rootName: "X", path: ["properties", "labels", "items", "anyOf", 0] })).toEqual(["LabelsItem", "XLabelsItem"]);
    expect(nameCandidates({ file: "defs/X.json", rootName: "X", path: ["properties", "+1"] })).toEqual(["Shape1", "X1"]);
  });
});

describe("assignShapeNames", () => {
  it("serves the most frequent shape first and falls back to a numeric suffix", () => {
    const at = (file: string) => ({ file, rootName: "r", path: ["properties", "user"] });
    const names = assignShapeNames(
      [
        { key: "rare", occurrences: [at("events/b.json"), at("events/c.json")] },
        { key: "common", occurrences: [at("events/d.json"), at("events/e.json"), at("events/f.json")] },
      ],
      (name) => name === "RUser",
    );
    expect(names).toEqual(new Map([["common", "User"], ["rare", "User2"]]));
  });
});
