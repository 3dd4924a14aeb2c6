import { describe, expect, it } from "vitest";
import { isIpOrCidr } from "./ip.js";

describe("isIpOrCidr", () => {
  it.each(["192.168.1.1", "10.0.0.0/24", "0.0.0.0/0", "::1", "2001:db8::/32", "::ffff:10.0.0.1", "::/128"])("accepts %s", (s) => {
    expect(isIpOrCidr(s)).toBe(true);
  });
  it.each(["", "10.0.0.256", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/08", "2001:db8::/129", "fe80::1%eth0", "example.com", "10.0.0.0/24/1"])(
    "rejects %s",
    (s) => {
      expect(isIpOrCidr(s)).toBe(false);
    },
  );
});
