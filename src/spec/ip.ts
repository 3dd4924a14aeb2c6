/**
 * Validation of `ip_whitelist` entries: IPv4/IPv6 addresses and CIDR ranges.
 */
import { isIP } from "node:net";

/** Whether `entry` is an IPv4/IPv6 address or CIDR range (`10.0.0.0/24`, `2001:db8::/32`). */
export function isIpOrCidr(entry: string): boolean {
  // Zone ids (`fe80::1%eth0`) name an interface of this host; they mean nothing in an allowlist.
  if (entry.includes("%")) return false;
  const slash = entry.indexOf("/");
  const addr = slash === -1 ? entry : entry.slice(0, slash);
  const version = isIP(addr);
  if (version === 0) return false;
  if (slash === -1) return true;
  const bits = entry.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}
