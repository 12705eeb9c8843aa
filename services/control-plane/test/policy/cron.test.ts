import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import cron from 'node-cron';
import { compileCron, CronError } from '../../src/policy/cron';

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number | undefined) =>
  t === undefined || !Number.isFinite(t) ? String(t) : new Date(t).toISOString();

// Wall times here are plain UTC instants (the UTC zone), so node-cron's own matcher can be the oracle.
function nodeCronMatcher(expression: string): { match: (t: number) => boolean; done: () => void } {
  const task = cron.createTask(expression, () => undefined, { timezone: 'UTC' });
  return { match: (t) => task.match(new Date(t)), done: () => void task.destroy() };
}

test('previous and next firings of common expressions', () => {
  const friday = compileCron('0 19 * * 5');
  const bound = ms('2026-03-25T12:00:00Z'); // a Wednesday
  assert.equal(iso(friday.previousWall(bound)), '2026-03-20T19:00:00.000Z');
  assert.equal(iso(friday.nextWall(bound)), '2026-03-27T19:00:00.000Z');
  // A firing exactly at the bound is "previous" (it has happened), never "next".
  assert.equal(iso(friday.previousWall(ms('2026-03-27T19:00:00Z'))), '2026-03-27T19:00:00.000Z');
  assert.equal(iso(friday.nextWall(ms('2026-03-27T19:00:00Z'))), '2026-04-03T19:00:00.000Z');

  const office = compileCron('*/15 9-17 * * mon-fri');
  assert.equal(iso(office.nextWall(ms('2026-03-27T17:50:00Z'))), '2026-03-30T09:00:00.000Z');
  assert.equal(iso(office.previousWall(ms('2026-03-28T10:00:00Z'))), '2026-03-27T17:45:00.000Z');

  const seconds = compileCron('*/20 * * * * *');
  assert.equal(iso(seconds.nextWall(ms('2026-03-27T10:00:45Z'))), '2026-03-27T10:01:00.000Z');
  assert.equal(iso(seconds.previousWall(ms('2026-03-27T10:00:45Z'))), '2026-03-27T10:00:40.000Z');

  assert.equal(
    iso(compileCron('@daily').previousWall(ms('2026-03-27T10:00:00Z'))),
    '2026-03-27T00:00:00.000Z',
  );
  assert.equal(
    iso(compileCron('0 0 L * *').nextWall(ms('2026-02-10T00:00:00Z'))),
    '2026-02-28T00:00:00.000Z',
  );
  assert.equal(
    iso(compileCron('0 0 L * *').nextWall(ms('2028-02-10T00:00:00Z'))),
    '2028-02-29T00:00:00.000Z',
  );
  // Second Monday; last Friday; nearest weekday to the 15th (2026-08-15 is a Saturday -> Friday 14th).
  assert.equal(
    iso(compileCron('0 9 * * 1#2').nextWall(ms('2026-03-01T00:00:00Z'))),
    '2026-03-09T09:00:00.000Z',
  );
  assert.equal(
    iso(compileCron('0 9 * * 5L').nextWall(ms('2026-03-01T00:00:00Z'))),
    '2026-03-27T09:00:00.000Z',
  );
  assert.equal(
    iso(compileCron('0 9 15W * *').nextWall(ms('2026-08-01T00:00:00Z'))),
    '2026-08-14T09:00:00.000Z',
  );
  assert.equal(
    iso(compileCron('0 0 L-2 * *').nextWall(ms('2026-04-01T00:00:00Z'))),
    '2026-04-28T00:00:00.000Z',
  );
  // Feb 29 only: up to 8 years away.
  assert.equal(
    iso(compileCron('0 0 29 2 *').previousWall(ms('2031-01-01T00:00:00Z'))),
    '2028-02-29T00:00:00.000Z',
  );
  // node-cron ANDs day of month with day of week: the 13th only when it is a Friday.
  assert.equal(
    iso(compileCron('0 0 13 * fri').nextWall(ms('2026-01-01T00:00:00Z'))),
    '2026-02-13T00:00:00.000Z',
  );
  // Wrapping ranges.
  assert.equal(
    iso(compileCron('0 22-2 * * *').nextWall(ms('2026-01-01T02:30:00Z'))),
    '2026-01-01T22:00:00.000Z',
  );
});

test('accepts exactly the expressions node-cron accepts', () => {
  const cases = [
    '0 19 * * 5',
    '0 19 * * fri',
    '0 7 * * 1-5',
    '*/5 * * * *',
    '0 */2 * * *',
    '0 0 1,15 * *',
    '0 0 * jan,jul *',
    '0 0 L * *',
    '0 0 ? * 1',
    '@hourly',
    '@weekly',
    '10 0 0 * * *',
    '61 * * * *',
    '* * *',
    'soon',
    '0 25 * * *',
    '0 0 32 * *',
    '0 0 * 13 *',
    '0 0 * * 8',
    '0 0 30 2 *',
    '* * * * * * *',
    '0 0 5X * *',
    '',
    '0 0 1#6 * *',
  ];
  for (const expression of cases) {
    const valid = cron.validate(expression);
    let compiled = true;
    try {
      compileCron(expression);
    } catch (err) {
      assert.ok(err instanceof CronError);
      compiled = false;
    }
    assert.equal(compiled, valid, `"${expression}": node-cron says ${valid}`);
  }
});

const field = (min: number, max: number, extra: fc.Arbitrary<string>[] = []) =>
  fc.oneof(
    fc.constant('*'),
    fc.integer({ min, max }).map(String),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${a}-${b}`),
    fc.integer({ min: 1, max: Math.max(2, Math.floor((max - min) / 2)) }).map((s) => `*/${s}`),
    fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 4 }).map((a) => a.join(',')),
    ...extra,
  );

const expressionArb = fc
  .record({
    seconds: fc.option(field(0, 59), { nil: undefined }),
    minute: field(0, 59),
    hour: field(0, 23),
    dom: field(1, 31, [
      fc.constant('L'),
      fc.constant('LW'),
      fc.integer({ min: 1, max: 28 }).map((d) => `${d}W`),
      fc.integer({ min: 1, max: 5 }).map((d) => `L-${d}`),
    ]),
    month: field(1, 12, [fc.constantFrom('jan', 'mar-may', 'oct,nov')]),
    dow: field(0, 7, [
      fc.constantFrom('mon-fri', 'sat,sun'),
      fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 5 })).map(([d, n]) => `${d}#${n}`),
      fc.integer({ min: 0, max: 7 }).map((d) => `${d}L`),
    ]),
  })
  .map((f) => [f.seconds, f.minute, f.hour, f.dom, f.month, f.dow].filter((x) => x !== undefined).join(' '));

test('agrees with node-cron on validity and on which instants match (random expressions)', () => {
  const start = ms('2024-01-01T00:00:00Z');
  fc.assert(
    fc.property(expressionArb, fc.integer({ min: 0, max: 6 * 365 * 86400 }), (expression, second) => {
      const valid = cron.validate(expression);
      if (!valid) {
        assert.throws(() => compileCron(expression), CronError);
        return;
      }
      const schedule = compileCron(expression);
      const oracle = nodeCronMatcher(expression);
      try {
        const t = start + second * 1000;
        assert.equal(schedule.matchesWall(t), oracle.match(t), `${expression} at ${iso(t)}`);
        const next = schedule.nextWall(t);
        const prev = schedule.previousWall(t);
        if (next !== undefined) {
          assert.ok(next > t);
          assert.ok(oracle.match(next), `${expression}: next ${iso(next)} must match`);
        }
        if (prev !== undefined) {
          assert.ok(prev <= t);
          assert.ok(oracle.match(prev), `${expression}: previous ${iso(prev)} must match`);
        }
      } finally {
        oracle.done();
      }
    }),
    { numRuns: 400 },
  );
});

test('next and previous firings skip no match (brute force with node-cron, minute by minute)', () => {
  const start = ms('2026-01-01T00:00:00Z');
  const minuteExpressions = expressionArb.filter((e) => e.split(' ').length === 5 && cron.validate(e));
  fc.assert(
    fc.property(minuteExpressions, fc.integer({ min: 0, max: 365 * 1440 }), (expression, minute) => {
      const schedule = compileCron(expression);
      const oracle = nodeCronMatcher(expression);
      try {
        const t = start + minute * 60_000 + 30_000; // between minutes
        const horizon = 2 * 86_400_000;
        const next = schedule.nextWall(t) ?? Number.POSITIVE_INFINITY;
        for (let x = t + 30_000; x < Math.min(next, t + horizon); x += 60_000) {
          assert.ok(!oracle.match(x), `${expression}: ${iso(x)} matches before next ${iso(next)}`);
        }
        const prev = schedule.previousWall(t) ?? Number.NEGATIVE_INFINITY;
        for (let x = t - 30_000; x > Math.max(prev, t - horizon); x -= 60_000) {
          assert.ok(!oracle.match(x), `${expression}: ${iso(x)} matches after previous ${iso(prev)}`);
        }
      } finally {
        oracle.done();
      }
    }),
    { numRuns: 30 },
  );
});
