// The node hash of integer keys (src/vm/intkeys.ts) spreads keys as lua5.4's does: a stride of a
// power of two must not pile its keys into a few long chains, which made every lookup walk one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntKeys } from '../src/vm/index.ts';

/** Chains in use: occupied nodes that no other node links to (each starts one collision chain). */
function chains(h: IntKeys): number {
  const linked = new Set<number>();
  let used = 0;
  for (let i = 0; i < h.links.length; i++) {
    if (h.links[i]! >= 0) linked.add(h.links[i]!);
    if (h.links[i] !== -2) used++;
  }
  return used - linked.size;
}

for (const stride of [1, 3, 7, 1024, 65536, 7919, 2 ** 40, -4096]) {
  test(`keys ${stride} apart spread over the nodes`, () => {
    const h = new IntKeys();
    const n = 4096;
    for (let i = 1; i <= n; i++) h.set(i * stride, i);
    for (let i = 1; i <= n; i++) assert.equal(h.get(i * stride), i);
    assert.equal(h.get((n + 1) * stride), undefined);
    assert.equal(h.live, n);
    // Random keys would start about 0.6 n chains at this load; a power-of-two mask leaves a stride of
    // 1024 four of them, a modulus of 2^k - 1 a stride of 3 a third of n.
    assert.ok(chains(h) > n / 2, `${chains(h)} chains for ${n} keys`);
  });
}

test('a rehash keeps every live key and drops the dead ones', () => {
  const h = new IntKeys();
  for (let i = 0; i < 1000; i++) h.set(i * 512, i);
  for (let i = 0; i < 1000; i += 2) h.set(i * 512, undefined);
  for (let i = 0; i < 3000; i++) h.set(-i - 1, i);
  assert.equal(h.live, 500 + 3000);
  for (let i = 0; i < 1000; i++) assert.equal(h.get(i * 512), i % 2 === 0 ? undefined : i);
  for (let i = 0; i < 3000; i++) assert.equal(h.get(-i - 1), i);
  let seen = 0;
  for (let i = h.nextLive(0); i >= 0; i = h.nextLive(i + 1)) seen++;
  assert.equal(seen, h.live);
});
