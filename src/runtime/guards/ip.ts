/**
 * IPv4/IPv6 addresses and CIDR ranges: parsing, matching, and the client IP behind trusted proxies.
 *
 * Hand-written rather than `net.BlockList` so that IPv4-mapped IPv6 (`::ffff:1.2.3.4`) matches
 * IPv4 ranges (and the reverse) predictably across Node versions. Addresses are byte arrays:
 * 4 bytes for IPv4, 16 for IPv6; a mapped IPv6 address is always folded to its 4 IPv4 bytes.
 */

/** A parsed CIDR range: network bytes and prefix length in bits. */
export interface Cidr {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    // Decimal only, no leading zeros: "010" is octal to some parsers, so refuse the ambiguity.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseIPv6(text: string): Uint8Array | undefined {
  const zone = text.indexOf("%");
  if (zone !== -1) text = text.slice(0, zone); // fe80::1%eth0: the zone is not part of the address
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const words: number[][] = [];
  let tailV4: Uint8Array | undefined;
  for (let h = 0; h < halves.length; h++) {
    const half = halves[h]!;
    const list: number[] = [];
    if (half !== "") {
      const groups = half.split(":");
      for (let g = 0; g < groups.length; g++) {
        const group = groups[g]!;
        const isLast = h === halves.length - 1 && g === groups.length - 1;
        if (isLast && group.includes(".")) {
          tailV4 = parseIPv4(group);
          if (tailV4 === undefined) return undefined;
          list.push((tailV4[0]! << 8) | tailV4[1]!, (tailV4[2]! << 8) | tailV4[3]!);
          continue;
        }
        if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
        list.push(parseInt(group, 16));
      }
    }
    words.push(list);
  }
  const head = words[0] ?? [];
  const tail = words[1] ?? [];
  const total = head.length + tail.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const all = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = all[i]! >> 8;
    out[2 * i + 1] = all[i]! & 0xff;
  }
  return out;
}

function isMappedV4(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * Parses an IPv4 or IPv6 address (brackets and zone ids tolerated) into bytes; IPv4-mapped IPv6
 * becomes 4 bytes. `undefined` when the text is not an address.
 */
export function parseIp(text: string): Uint8Array | undefined {
  let t = text.trim();
  if (t.startsWith("[") && t.endsWith("]")) t = t.slice(1, -1);
  if (t.includes(":")) {
    const v6 = parseIPv6(t);
    return v6 !== undefined && isMappedV4(v6) ? v6.subarray(12) : v6;
  }
  return parseIPv4(t);
}

/**
 * Parses `10.0.0.0/8`, `2001:db8::/32`, `::ffff:10.0.0.0/104` or a bare address (a /32 or /128).
 * Throws on invalid input: allowlists are configuration, and a typo must not open or close a webhook silently.
 */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf("/");
  const addr = slash === -1 ? text : text.slice(0, slash);
  const raw = addr.includes(":") ? parseIPv6(addr.trim().replace(/^\[|\]$/g, "")) : parseIPv4(addr.trim());
  if (raw === undefined) throw new Error(`invalid IP address in ${JSON.stringify(text)}`);
  const bits = raw.length * 8;
  let prefix = bits;
  if (slash !== -1) {
    const p = text.slice(slash + 1).trim();
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > bits) throw new Error(`invalid CIDR prefix in ${JSON.stringify(text)}`);
    prefix = Number(p);
  }
  // A range inside ::ffff:0:0/96 is an IPv4 range; fold it so it matches plain IPv4 peers.
  if (raw.length === 16 && prefix >= 96 && isMappedV4(raw)) return { bytes: raw.slice(12), prefix: prefix - 96 };
  return { bytes: raw, prefix };
}

/** True when `ip` (from {@link parseIp}) lies inside `cidr`. Different families never match. */
export function cidrContains(cidr: Cidr, ip: Uint8Array): boolean {
  if (cidr.bytes.length !== ip.length) return false;
  let bits = cidr.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((cidr.bytes[i]! & mask) !== (ip[i]! & mask)) return false;
  }
  return true;
}

/** A compiled list of ranges. */
export interface IpMatcher {
  /** True when the address text parses and lies in one of the ranges. */
  matches(ip: string | undefined): boolean;
}

/** Compiles a list of addresses/CIDRs once; throws on the first invalid entry. */
export function createIpMatcher(ranges: readonly string[]): IpMatcher {
  const cidrs = ranges.map(parseCidr);
  return {
    matches(ip) {
      if (ip === undefined) return false;
      const bytes = parseIp(ip);
      return bytes !== undefined && cidrs.some((c) => cidrContains(c, bytes));
    },
  };
}

/**
 * The client's address. The TCP peer is the client unless it is a trusted proxy; then
 * `X-Forwarded-For` is walked right to left, skipping trusted hops, and the first untrusted hop is
 * the client (anything left of it could be forged by that client). If every hop is trusted, the
 * left-most one is used.
 */
export function resolveClientIp(
  peer: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trusted: IpMatcher | undefined,
): string | undefined {
  if (peer === undefined || trusted === undefined || !trusted.matches(peer)) return peer;
  if (forwardedFor === undefined) return peer;
  const hops = (typeof forwardedFor === "string" ? forwardedFor : forwardedFor.join(","))
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    client = hops[i]!;
    if (!trusted.matches(client)) return client;
  }
  return client;
}
