/**
 * Byte comparison whose running time does not depend on where the inputs differ, for hosts
 * without `crypto.timingSafeEqual`.
 */

/**
 * True when `a` and `b` hold the same bytes. Unequal lengths are false at once (lengths of MACs
 * are public); for equal lengths every byte is visited and differences are OR-ed together, so the
 * time depends on the length only.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Like {@link constantTimeEqual}, but the length check does not return early either: the loop
 * always runs over the longer input, so arbitrary-length secrets (tokens, not MACs) can be
 * compared without revealing at which byte they differ. Time depends on the longer length only.
 */
export function constantTimeEqualAnyLength(a: Uint8Array, b: Uint8Array): boolean {
  const n = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  // `| 0` turns the out-of-range `undefined` into 0 without a branch on the data.
  for (let i = 0; i < n; i++) diff |= ((a[i]! | 0) ^ (b[i]! | 0));
  return diff === 0;
}
