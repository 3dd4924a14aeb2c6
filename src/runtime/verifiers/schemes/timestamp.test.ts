import { describe, expect, it } from "vitest";
import { parseRfc3339, timestampMs, timestampText } from "./timestamp.js";

describe("signed timestamps", () => {
  it("RFC 3339: any number of fraction digits (Twitch sends nanoseconds), Z or an offset, t/z in either case", () => {
    const base = Date.UTC(2023, 6, 19, 10, 11, 12);
    expect(parseRfc3339("2023-07-19T10:11:12Z")).toBe(base);
    expect(parseRfc3339("2023-07-19T10:11:12.123456789Z")).toBe(base + 123);
    expect(parseRfc3339("2023-07-19T10:11:12.1Z")).toBe(base + 100);
    expect(parseRfc3339("2023-07-19t10:11:12.5z")).toBe(base + 500);
    expect(parseRfc3339("2023-07-19T12:11:12+02:00")).toBe(base);
    expect(parseRfc3339("2023-07-19T05:41:12.000-04:30")).toBe(base);
    expect(parseRfc3339("2016-12-31T23:59:60Z")).toBe(Date.UTC(2017, 0, 1)); // leap second
    expect(parseRfc3339("2024-02-29T00:00:00Z")).toBe(Date.UTC(2024, 1, 29));
    expect(parseRfc3339("0099-01-01T00:00:00Z")).toBe(new Date("0099-01-01T00:00:00Z").getTime());
  });

  it("refuses what RFC 3339 does not allow, and impossible dates", () => {
    for (const text of [
      "2023-07-19 10:11:12Z", // space separator (a NOTE in the RFC, not its grammar)
      "2023-07-19T10:11:12", // no offset
      "2023-07-19T10:11Z",
      "2023-07-19T10:11:12.Z",
      "2023-07-19T10:11:12+0200",
      "2023-7-19T10:11:12Z",
      "2023-13-01T00:00:00Z",
      "2023-02-29T00:00:00Z",
      "2100-02-29T00:00:00Z",
      "2023-04-31T00:00:00Z",
      "2023-07-19T24:00:00Z",
      "2023-07-19T10:60:00Z",
      "2023-07-19T10:11:61Z",
      "2023-07-19T10:11:12+24:00",
      "1689761472",
      "",
    ]) {
      expect(parseRfc3339(text), text).toBeUndefined();
    }
  });

  it("timestampMs by unit: digits for s and ms, RFC 3339 for iso (JSON numbers are no iso timestamps)", () => {
    expect(timestampMs("1700000000", "s")).toBe(1_700_000_000_000);
    expect(timestampMs(" 1700000000123 ", "ms")).toBe(1_700_000_000_123);
    expect(timestampMs("2023-11-14T22:13:20Z", "iso")).toBe(1_700_000_000_000);
    expect(timestampMs(" 2023-11-14T22:13:20Z ", "iso")).toBe(1_700_000_000_000);
    expect(timestampMs(1_700_000_000, "iso")).toBeUndefined();
    expect(timestampMs("1700000000", "iso")).toBeUndefined();
    expect(timestampMs("2023-11-14T22:13:20Z", "s")).toBeUndefined();
    expect(timestampMs(1.5, "s")).toBeUndefined();
  });

  it("the signer writes each unit the way the verifier reads it", () => {
    expect(timestampText("s", 1_700_000_000)).toBe("1700000000");
    expect(timestampText(undefined, 1_700_000_000)).toBe("1700000000");
    expect(timestampText("ms", 1_700_000_000)).toBe("1700000000000");
    expect(timestampText("iso", 1_700_000_000)).toBe("2023-11-14T22:13:20.000Z");
    for (const unit of ["s", "ms", "iso"] as const) expect(timestampMs(timestampText(unit, 1_700_000_000), unit)).toBe(1_700_000_000_000);
  });
});
