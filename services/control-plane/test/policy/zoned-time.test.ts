import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  effectiveWall,
  formatInstant,
  formatWall,
  instantToWall,
  isoDate,
  isoInstant,
  offsetAt,
  wallToInstant,
} from '../../src/policy/zoned-time';

const ms = (iso: string) => Date.parse(iso);
const LONDON = 'Europe/London';

test('offsets follow DST in London and New York', () => {
  assert.equal(offsetAt(ms('2026-01-15T12:00:00Z'), LONDON), 0);
  assert.equal(offsetAt(ms('2026-07-15T12:00:00Z'), LONDON), 3_600_000);
  assert.equal(offsetAt(ms('2026-01-15T12:00:00Z'), 'America/New_York'), -5 * 3_600_000);
  assert.equal(offsetAt(ms('2026-07-15T12:00:00Z'), 'America/New_York'), -4 * 3_600_000);
  assert.equal(offsetAt(ms('2026-07-15T12:00:00Z'), 'Asia/Kolkata'), 5.5 * 3_600_000);
  assert.throws(() => offsetAt(0, 'Mars/Olympus_Mons'), RangeError);
});

test('a wall time in the spring-forward gap happens at the transition', () => {
  // 2026-03-29: London clocks go 01:00 GMT -> 02:00 BST; 01:30 does not exist.
  assert.equal(wallToInstant(ms('2026-03-29T01:30:00Z'), LONDON), ms('2026-03-29T01:00:00Z'));
  assert.equal(wallToInstant(ms('2026-03-29T01:00:00Z'), LONDON), ms('2026-03-29T01:00:00Z'));
  assert.equal(wallToInstant(ms('2026-03-29T00:59:00Z'), LONDON), ms('2026-03-29T00:59:00Z'));
  assert.equal(wallToInstant(ms('2026-03-29T02:00:00Z'), LONDON), ms('2026-03-29T01:00:00Z'));
  assert.equal(wallToInstant(ms('2026-03-29T02:30:00Z'), LONDON), ms('2026-03-29T01:30:00Z'));
  // New York: 2026-03-08 02:00 EST -> 03:00 EDT.
  assert.equal(wallToInstant(ms('2026-03-08T02:30:00Z'), 'America/New_York'), ms('2026-03-08T07:00:00Z'));
});

test('a wall time in the fall-back overlap happens at its first occurrence', () => {
  // 2026-10-25: London clocks go 02:00 BST -> 01:00 GMT; 01:30 happens at 00:30Z and 01:30Z.
  assert.equal(wallToInstant(ms('2026-10-25T01:30:00Z'), LONDON), ms('2026-10-25T00:30:00Z'));
  assert.equal(wallToInstant(ms('2026-10-25T02:00:00Z'), LONDON), ms('2026-10-25T02:00:00Z'));
  assert.equal(wallToInstant(ms('2026-10-25T00:59:00Z'), LONDON), ms('2026-10-24T23:59:00Z'));
});

test('effective wall time covers the whole repeated hour on the second pass', () => {
  // First pass (BST): the wall time itself.
  assert.equal(effectiveWall(ms('2026-10-25T00:30:00Z'), LONDON), ms('2026-10-25T01:30:00Z'));
  // Second pass (GMT) through 01:00–02:00: every repeated wall time has happened already.
  assert.equal(effectiveWall(ms('2026-10-25T01:10:00Z'), LONDON), ms('2026-10-25T02:00:00Z') - 1);
  assert.equal(effectiveWall(ms('2026-10-25T02:00:00Z'), LONDON), ms('2026-10-25T02:00:00Z'));
  assert.equal(effectiveWall(ms('2026-03-29T01:00:00Z'), LONDON), ms('2026-03-29T02:00:00Z'));
});

test('wall -> instant is monotone and inverts instant -> wall wherever the wall time exists', () => {
  const zones = [
    'Europe/London',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Tokyo',
    'America/Santiago',
  ];
  const start = ms('2026-01-01T00:00:00Z');
  fc.assert(
    fc.property(
      fc.constantFrom(...zones),
      fc.integer({ min: 0, max: 365 * 24 * 60 }),
      fc.integer({ min: 1, max: 180 }),
      (zone, minute, gap) => {
        const w1 = start + minute * 60_000;
        const w2 = w1 + gap * 60_000;
        const i1 = wallToInstant(w1, zone);
        const i2 = wallToInstant(w2, zone);
        assert.ok(i1 <= i2, `${zone}: ${new Date(w1).toISOString()} -> ${new Date(i1).toISOString()}`);
        if (instantToWall(i1, zone) === w1) assert.ok(effectiveWall(i1, zone) >= w1);
        // An instant's own wall time maps back to an instant no later than it.
        const wall = instantToWall(i1, zone);
        assert.ok(wallToInstant(wall, zone) <= i1);
        assert.ok(wallToInstant(effectiveWall(i1, zone), zone) <= i1);
      },
    ),
    { numRuns: 300 },
  );
});

test('fast ISO formatting agrees with Date', () => {
  fc.assert(
    fc.property(fc.integer({ min: -30610224000000, max: 253402300799999 }), (ms) => {
      assert.equal(isoInstant(ms), new Date(ms).toISOString());
      assert.equal(isoDate(Math.floor(ms / 86_400_000)), new Date(ms).toISOString().slice(0, 10));
    }),
    { numRuns: 2000 },
  );
  assert.equal(isoInstant(-62198755200000), new Date(-62198755200000).toISOString()); // year 0: falls back
  assert.equal(formatWall(ms('2026-01-16T19:00:00Z')), 'Fri 19:00');
  assert.equal(formatInstant(ms('2026-03-29T01:00:59Z')), '2026-03-29 01:00Z');
});
