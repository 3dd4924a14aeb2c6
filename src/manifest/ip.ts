/**
 * Validation of `ip_whitelist` entries: IPv4/IPv6 addresses and CIDR ranges.
 */
import { parseCidr } from "../runtime/guards/ip.js";

/**
 * Whether `entry` is an IPv4/IPv6 address or CIDR range (`10.0.0.0/24`, `2001:db8::/32`): exactly
 * what the runtime's allowlist accepts, since it is the runtime's own parser that decides.
 */
export function isIpOrCidr(entry: string): boolean {
  // Zone ids (`fe80::1%eth0`) name an interface of this host; they mean nothing in an allowlist.
  if (entry.includes("%") || entry.trim() !== entry) return false;
  try {
    parseCidr(entry);
    return true;
  } catch {
    return false;
  }
}
