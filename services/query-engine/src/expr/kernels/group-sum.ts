// Σ and count per group of the valid rows, on doubles: the float aggregates and the int64 ones while
// their sums are provably exact share it.
export function sumIntoGroups(
  acc: Float64Array,
  cnt: Float64Array,
  gid: Int32Array,
  x: Float64Array | Int32Array | Uint8Array,
  v: Uint8Array | undefined,
  n: number,
): void {
  if (v === undefined)
    for (let i = 0; i < n; i++) {
      const g = gid[i]!;
      acc[g]! += x[i]!;
      cnt[g]!++;
    }
  else
    for (let i = 0; i < n; i++)
      if ((v[i >> 3]! >> (i & 7)) & 1) {
        const g = gid[i]!;
        acc[g]! += x[i]!;
        cnt[g]!++;
      }
}
