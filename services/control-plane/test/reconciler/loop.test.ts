import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReconcileLoop, type Reconciler } from '../../src/reconciler';

test('reconcile rounds never overlap, and a failing round is reported, not thrown', async () => {
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const slow = {
    async reconcileOnce() {
      calls++;
      await gate;
      return { considered: 0, succeeded: 0, failed: 0, retrying: 0, superseded: 0 };
    },
  } as unknown as Reconciler;
  const loop = new ReconcileLoop(slow, 60_000);
  const a = loop.runNow();
  const b = loop.runNow();
  assert.equal(a, b, 'the second call joins the running round');
  release();
  await a;
  assert.equal(calls, 1);
  await loop.runNow();
  assert.equal(calls, 2, 'a new round once the last has finished');

  const errors: unknown[] = [];
  const failing = {
    reconcileOnce: async () => Promise.reject(new Error('database down')),
  } as unknown as Reconciler;
  const result = await new ReconcileLoop(failing, 60_000, (e) => errors.push(e)).runNow();
  assert.equal(result, undefined);
  assert.match(String(errors[0]), /database down/);
});
