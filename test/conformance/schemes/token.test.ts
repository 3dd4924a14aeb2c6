/**
 * `token` (GitLab's X-Gitlab-Token) from its YAML fixture: a shared token compared in constant
 * time against every configured secret. GitLab ships no JavaScript SDK; the token is sent as-is.
 */
import { describe, expect, it } from "vitest";
import { signDelivery } from "../../../src/testing/sign.js";
import { accepts, schemeOf, verify } from "./harness.js";

describe("token scheme (GitLab)", () => {
  const scheme = schemeOf("gitlab");
  const body = '{"object_kind":"push"}';

  it("accepts the configured token (any of several during rotation), refuses others and a missing header", async () => {
    expect(scheme).toEqual({ scheme: "token", header: "x-gitlab-token", prefix: "" });
    expect(await accepts(scheme, { body, headers: { "x-gitlab-token": "tok-1" }, secrets: ["tok-1"] })).toBe(true);
    expect(await accepts(scheme, { body, headers: { "x-gitlab-token": "tok-2" }, secrets: ["tok-1", "tok-2"] })).toBe(true);
    for (const wrong of ["tok-", "tok-11", "TOK-1", "", "tok-1 "]) {
      expect(await accepts(scheme, { body, headers: { "x-gitlab-token": wrong }, secrets: ["tok-1"] })).toBe(false);
    }
    expect(await verify(scheme, { body, headers: {}, secrets: ["tok-1"] })).toEqual({ ok: false, reason: "missing x-gitlab-token header" });
  });

  it("a prefix (Authorization: Bearer …) is required and stripped; the signer sends it", async () => {
    const bearer = { scheme: "token", header: "authorization", prefix: "Bearer " } as const;
    expect(await accepts(bearer, { body, headers: { authorization: "Bearer s3cret" }, secrets: ["s3cret"] })).toBe(true);
    expect(await accepts(bearer, { body, headers: { authorization: "s3cret" }, secrets: ["s3cret"] })).toBe(false);
    expect(signDelivery(bearer, { body, secret: "s3cret" })).toEqual({ authorization: "Bearer s3cret" });
    expect(signDelivery(scheme, { body, secret: "tok-1" })).toEqual({ "x-gitlab-token": "tok-1" });
  });
});
