/**
 * Allocation of the small byte arrays that decoded signatures live in.
 *
 * Why not `new Uint8Array(n)`: V8 keeps small typed arrays on the JS heap, and the first time
 * native code sees one (Node's `timingSafeEqual`) it must move it off-heap, allocating a backing
 * store: measured at ~0.5 µs per call on Node 20, about a tenth of verifying a small delivery.
 * `new ArrayBuffer(n)` per array costs the same. Handing out views into a shared slab (what
 * `Buffer.allocUnsafe` does with its pool) costs ~50 ns and works on every runtime.
 */

const SLAB_SIZE = 8192;
/** Larger arrays get their own buffer: the slab is for MAC-sized values. */
const MAX_POOLED = 256;

let slab = new ArrayBuffer(SLAB_SIZE);
let used = 0;

/**
 * A zero-filled `Uint8Array` of `length` bytes. Small ones are views into a shared slab, so their
 * `.buffer` also holds other arrays' bytes (as pooled Buffers do): use the view, not `.buffer`.
 * Slab space is never reused; a slab is freed once no view into it remains.
 */
export function allocBytes(length: number): Uint8Array {
  if (length > MAX_POOLED) return new Uint8Array(length);
  if (used + length > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE);
    used = 0;
  }
  const out = new Uint8Array(slab, used, length);
  // 8-byte alignment, as Buffer's pool does.
  used = (used + length + 7) & ~7;
  return out;
}
