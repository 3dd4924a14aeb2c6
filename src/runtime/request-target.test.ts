import { describe, expect, it } from "vitest";
import { targetPath, targetQuery } from "./request-target.js";
import { fromWebRequest } from "./web.js";

describe("request targets: path for routing, raw query for signed URLs", () => {
  it("splits at the first ?, keeping the query undecoded; a bare ? is an empty query", () => {
    expect([targetPath("/hook"), targetQuery("/hook")]).toEqual(["/hook", undefined]);
    expect([targetPath("/hook?a=1&b=%27x%27"), targetQuery("/hook?a=1&b=%27x%27")]).toEqual(["/hook", "a=1&b=%27x%27"]);
    expect([targetPath("/hook?"), targetQuery("/hook?")]).toEqual(["/hook", ""]);
    expect([targetPath("/hook?a=?b"), targetQuery("/hook?a=?b")]).toEqual(["/hook", "a=?b"]);
  });

  it("fetch Requests: the path and the query as the platform serialised the URL", () => {
    const at = (url: string) => {
      const r = fromWebRequest(new Request(url, { method: "POST" }));
      return [r.path, r.query];
    };
    expect(at("https://x.example/webhooks/twilio?bodySHA256=ab12")).toEqual(["/webhooks/twilio", "bodySHA256=ab12"]);
    expect(at("https://x.example/webhooks/twilio")).toEqual(["/webhooks/twilio", undefined]);
    expect(at("https://x.example/webhooks/twilio?")).toEqual(["/webhooks/twilio", ""]);
    expect(at("https://x.example/w?a=b#frag")).toEqual(["/w", "a=b"]); // a Request's URL keeps its fragment
    expect(at("https://x.example/w#frag?x")).toEqual(["/w", undefined]);
  });
});
