import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cidrContains, createIpMatcher, parseCidr, parseIp, resolveClientIp } from "./ip.js";

describe("parseIp", () => {
  it("parses IPv4, IPv6, compressed forms, brackets, zones and mapped IPv4", () => {
    expect([...parseIp("192.168.1.1")!]).toEqual([192, 168, 1, 1]);
    expect(parseIp("::1")!.length).toBe(16);
    expect(parseIp("::1")![15]).toBe(1);
    expect([...parseIp("::ffff:1.2.3.4")!]).toEqual([1, 2, 3, 4]);
    expect([...parseIp("::ffff:0102:0304")!]).toEqual([1, 2, 3, 4]);
    expect(parseIp("[2001:db8::1]")!.length).toBe(16);
    expect(parseIp("fe80::1%eth0")!.length).toBe(16);
    expect(parseIp("1:2:3:4:5:6:7:8")!.length).toBe(16);
  });

  it("rejects malformed addresses", () => {
    for (const bad of ["", "1.2.3", "1.2.3.256", "01.2.3.4", "1.2.3.4.5", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::", "abc", "1.2.3.4/8"]) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
  });
});

describe("CIDR matching", () => {
  it("matches IPv4 and IPv6 ranges, with mapped addresses on either side", () => {
    const m = createIpMatcher(["10.0.0.0/24", "192.168.1.1", "2001:db8::/32", "::ffff:172.16.0.0/108"]);
    expect(m.matches("10.0.0.255")).toBe(true);
    expect(m.matches("10.0.1.0")).toBe(false);
    expect(m.matches("192.168.1.1")).toBe(true);
    expect(m.matches("192.168.1.2")).toBe(false);
    expect(m.matches("::ffff:10.0.0.7")).toBe(true); // how Node reports IPv4 peers on dual-stack sockets
    expect(m.matches("2001:db8:ffff::1")).toBe(true);
    expect(m.matches("2001:db9::1")).toBe(false);
    expect(m.matches("172.16.5.5")).toBe(true);
    expect(m.matches("172.32.0.1")).toBe(false);
    expect(m.matches(undefined)).toBe(false);
    expect(m.matches("garbage")).toBe(false);
  });

  it("handles /0 and non-octet prefixes", () => {
    expect(createIpMatcher(["0.0.0.0/0"]).matches("8.8.8.8")).toBe(true);
    expect(createIpMatcher(["0.0.0.0/0"]).matches("::1")).toBe(false);
    expect(createIpMatcher(["10.0.0.0/13"]).matches("10.7.255.255")).toBe(true);
    expect(createIpMatcher(["10.0.0.0/13"]).matches("10.8.0.0")).toBe(false);
  });

  it("throws on invalid configuration", () => {
    for (const bad of ["10.0.0.0/33", "::/129", "nope", "10.0.0.0/", "10.0.0.0/-1"]) expect(() => parseCidr(bad), bad).toThrow();
  });

  it("property: an address is inside its own /n network for every n, and a /32 matches only itself", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV4(), (ip, prefix, other) => {
        expect(createIpMatcher([`${ip}/${prefix}`]).matches(ip)).toBe(true);
        expect(createIpMatcher([`${ip}/32`]).matches(other)).toBe(ip === other);
        expect(createIpMatcher([`${ip}/${prefix}`]).matches(`::ffff:${ip}`)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), (ip, prefix) => {
        const bytes = parseIp(ip);
        expect(bytes).toBeDefined();
        const cidr = parseCidr(`${ip}/${prefix}`);
        expect(cidrContains(cidr, bytes!)).toBe(true);
      }),
    );
  });

  it("property: parsers never throw on arbitrary text (parseIp) and only throw Errors (parseCidr)", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseIp(s);
        try {
          parseCidr(s);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }),
    );
  });
});

describe("resolveClientIp", () => {
  const trusted = createIpMatcher(["127.0.0.1", "10.0.0.0/8"]);
  it("uses the peer unless it is trusted", () => {
    expect(resolveClientIp("1.2.3.4", "9.9.9.9", trusted)).toBe("1.2.3.4");
    expect(resolveClientIp("127.0.0.1", "9.9.9.9", undefined)).toBe("127.0.0.1");
  });
  it("walks X-Forwarded-For right to left skipping trusted hops", () => {
    expect(resolveClientIp("127.0.0.1", "6.6.6.6, 9.9.9.9, 10.0.0.2", trusted)).toBe("9.9.9.9");
    expect(resolveClientIp("::ffff:127.0.0.1", ["6.6.6.6", "10.0.0.3"], trusted)).toBe("6.6.6.6");
    expect(resolveClientIp("127.0.0.1", "10.0.0.2, 10.0.0.3", trusted)).toBe("10.0.0.2");
    expect(resolveClientIp("127.0.0.1", undefined, trusted)).toBe("127.0.0.1");
  });
});
