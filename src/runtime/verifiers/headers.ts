/**
 * Header helpers shared by verifiers.
 */
import type { HeaderBag } from "../types.js";

/** The single value of header `name` (lower-case); repeated headers yield their first value. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : value?.[0];
}

/** Parses a Unix timestamp in whole seconds; `undefined` unless it is all digits. */
export function parseUnixSeconds(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

/** True when `timestampSec` is within `toleranceSeconds` of `nowMs`, in either direction. */
export function withinTolerance(timestampSec: number, nowMs: number, toleranceSeconds: number): boolean {
  return Math.abs(nowMs / 1000 - timestampSec) <= toleranceSeconds;
}
