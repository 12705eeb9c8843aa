import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../src/policy/decide';
import type { DecidePolicy } from '../../src/policy/types';
import { at, carbon, MIN, policy, signals, workload } from './fixtures';

const LONDON = 'Europe/London';

function check(p: DecidePolicy, now: string, desired: 'on' | 'off', until?: string, w = workload()) {
  const t = at(now);
  const out = decide(w, [p], [], signals(carbon(t, 100)), t);
  assert.equal(out.desired, desired, `${now}: ${out.reason}`);
  if (until) assert.equal(out.until.toISOString(), new Date(until).toISOString(), `${now}: until`);
  return out;
}

const weekend = policy(
  'schedule',
  {
    timezone: LONDON,
    offWindows: [{ name: 'weekend', from: { day: 'fri', time: '19:00' }, to: { day: 'mon', time: '07:00' } }],
  },
  { name: 'office-hours' },
);

test('weekend window Fri 19:00 -> Mon 07:00: off inside, no opinion outside, until the next edge', () => {
  // Winter (GMT = UTC).
  check(weekend, '2026-01-16T18:59:00Z', 'on', '2026-01-16T19:00:00Z');
  const off = check(weekend, '2026-01-16T19:00:00Z', 'off', '2026-01-16T20:00:00Z');
  assert.equal(off.reason, 'off: weekend window Fri 19:00–Mon 07:00 Europe/London');
  assert.equal(off.replicas, 0);
  assert.deepEqual(off.policy, { id: weekend.id, name: 'office-hours', type: 'schedule' });
  check(weekend, '2026-01-18T12:00:00Z', 'off');
  check(weekend, '2026-01-19T06:30:00Z', 'off', '2026-01-19T07:00:00Z');
  check(weekend, '2026-01-19T07:00:00Z', 'on');
  check(weekend, '2026-01-21T12:00:00Z', 'on');
  // Summer (BST = UTC+1): the window is in local wall time.
  check(weekend, '2026-07-17T17:59:00Z', 'on', '2026-07-17T18:00:00Z');
  check(weekend, '2026-07-17T18:00:00Z', 'off');
  check(weekend, '2026-07-20T05:59:00Z', 'off', '2026-07-20T06:00:00Z');
  check(weekend, '2026-07-20T06:00:00Z', 'on');
});

test('the reason says what was avoided so far', () => {
  const out = check(weekend, '2026-01-17T12:00:00Z', 'off', undefined, workload({ avoidedEnergyKwh: 1.83 }));
  assert.equal(out.reason, 'off: weekend window Fri 19:00–Mon 07:00 Europe/London; avoided 1.8 kWh so far');
});

test('a window across the March DST change starts in GMT and ends in BST', () => {
  // Fri 2026-03-27 19:00 GMT = 19:00Z; clocks go forward Sun 29th; Mon 30th 07:00 BST = 06:00Z.
  check(weekend, '2026-03-27T18:59:00Z', 'on', '2026-03-27T19:00:00Z');
  check(weekend, '2026-03-27T19:00:00Z', 'off');
  check(weekend, '2026-03-29T00:59:00Z', 'off');
  check(weekend, '2026-03-29T01:00:00Z', 'off');
  check(weekend, '2026-03-30T05:30:00Z', 'off', '2026-03-30T06:00:00Z');
  check(weekend, '2026-03-30T06:00:00Z', 'on');
});

test('a window across the October DST change starts in BST and ends in GMT', () => {
  // Fri 2026-10-23 19:00 BST = 18:00Z; clocks go back Sun 25th; Mon 26th 07:00 GMT = 07:00Z.
  check(weekend, '2026-10-23T17:59:00Z', 'on', '2026-10-23T18:00:00Z');
  check(weekend, '2026-10-23T18:00:00Z', 'off');
  check(weekend, '2026-10-25T01:30:00Z', 'off');
  check(weekend, '2026-10-26T06:59:00Z', 'off', '2026-10-26T07:00:00Z');
  check(weekend, '2026-10-26T07:00:00Z', 'on');
});

test('a window starting in the spring-forward gap starts at the transition', () => {
  const night = policy('schedule', {
    timezone: LONDON,
    offWindows: [{ from: { day: 'sun', time: '01:30' }, to: { day: 'sun', time: '03:00' } }],
  });
  // 01:30 does not exist on 2026-03-29: clocks jump from 01:00 GMT (01:00Z) to 02:00 BST.
  check(night, '2026-03-29T00:59:00Z', 'on', '2026-03-29T01:00:00Z');
  check(night, '2026-03-29T01:00:00Z', 'off', '2026-03-29T02:00:00Z');
  check(night, '2026-03-29T01:59:00Z', 'off');
  check(night, '2026-03-29T02:00:00Z', 'on');
});

test('a window ending in the repeated hour ends at its first occurrence', () => {
  const night = policy('schedule', {
    timezone: LONDON,
    offWindows: [{ from: { day: 'sun', time: '00:30' }, to: { day: 'sun', time: '01:30' } }],
  });
  // 2026-10-25: 00:30 BST = 23:30Z (Sat); 01:30 BST = 00:30Z; then 01:00–02:00 GMT repeats the hour.
  check(night, '2026-10-24T23:29:00Z', 'on', '2026-10-24T23:30:00Z');
  check(night, '2026-10-24T23:30:00Z', 'off', '2026-10-25T00:30:00Z');
  check(night, '2026-10-25T00:30:00Z', 'on');
  check(night, '2026-10-25T01:10:00Z', 'on'); // 01:10 GMT, the second pass: the window is over
  check(night, '2026-10-25T01:40:00Z', 'on');
});

test('sleep/wake cron: off from the latest sleep until the next wake, DST included', () => {
  const nights = policy('schedule', { timezone: LONDON, sleepCron: '0 19 * * 1-5', wakeCron: '0 7 * * 1-5' });
  check(nights, '2026-01-14T18:59:00Z', 'on', '2026-01-14T19:00:00Z');
  const off = check(nights, '2026-01-14T19:00:00Z', 'off');
  assert.match(off.reason, /^off: .* asleep since Wed 19:00 Europe\/London \(sleep "0 19 \* \* 1-5"\)$/);
  check(nights, '2026-01-15T06:59:00Z', 'off', '2026-01-15T07:00:00Z');
  check(nights, '2026-01-15T07:00:00Z', 'on');
  // Friday 19:00 to Monday 07:00: no wake at the weekend.
  check(nights, '2026-01-17T12:00:00Z', 'off');
  check(nights, '2026-01-19T06:00:00Z', 'off', '2026-01-19T07:00:00Z');
  // Summer: 07:00 BST = 06:00Z.
  check(nights, '2026-07-15T05:59:00Z', 'off', '2026-07-15T06:00:00Z');
  check(nights, '2026-07-15T06:00:00Z', 'on');
  // Monday after the March change: asleep since Fri 19:00 GMT, wakes 07:00 BST.
  check(nights, '2026-03-30T05:59:00Z', 'off', '2026-03-30T06:00:00Z');
});

test('a cron time in the spring-forward gap fires at the transition, a repeated one fires once', () => {
  const p = policy('schedule', { timezone: LONDON, sleepCron: '30 1 * * *', wakeCron: '0 6 * * *' });
  check(p, '2026-03-29T00:59:00Z', 'on', '2026-03-29T01:00:00Z');
  check(p, '2026-03-29T01:00:00Z', 'off', '2026-03-29T02:00:00Z');
  check(p, '2026-03-29T04:59:00Z', 'off', '2026-03-29T05:00:00Z'); // 06:00 BST
  check(p, '2026-03-29T05:00:00Z', 'on');
  // October: 01:30 BST (00:30Z) puts it to sleep; the second 01:30 (GMT) changes nothing.
  const q = policy('schedule', { timezone: LONDON, sleepCron: '30 1 * * *', wakeCron: '45 1 * * *' });
  check(q, '2026-10-25T00:29:00Z', 'on', '2026-10-25T00:30:00Z');
  check(q, '2026-10-25T00:30:00Z', 'off', '2026-10-25T00:45:00Z');
  check(q, '2026-10-25T00:45:00Z', 'on');
  check(q, '2026-10-25T01:35:00Z', 'on'); // 01:35 GMT: 01:30 and 01:45 already happened (in BST)
});

test('holidays (offDates) are off for the whole local day; exceptDates suspend the schedule', () => {
  const p = policy('schedule', {
    timezone: LONDON,
    offWindows: [{ name: 'weekend', from: { day: 'fri', time: '19:00' }, to: { day: 'mon', time: '07:00' } }],
    offDates: ['2026-12-25', '2026-08-31'],
    exceptDates: ['2026-12-19'],
  });
  // Summer bank holiday Monday: 00:00 BST = Sun 23:00Z, whole day, until Tue 00:00 BST.
  check(p, '2026-08-31T12:00:00Z', 'off', '2026-08-31T13:00:00Z');
  const out = check(p, '2026-08-31T22:30:00Z', 'off', '2026-08-31T23:00:00Z');
  assert.equal(out.reason, `off: holiday 2026-08-31 (${p.name}, Europe/London)`);
  check(p, '2026-08-31T23:00:00Z', 'on');
  // Christmas day (a Friday) before the weekend window starts.
  check(p, '2026-12-25T08:00:00Z', 'off');
  check(p, '2026-12-24T23:59:00Z', 'on', '2026-12-25T00:00:00Z');
  // Saturday 2026-12-19 is an exception: the weekend window does not apply that day...
  const sat = check(p, '2026-12-19T12:00:00Z', 'on', '2026-12-19T13:00:00Z');
  assert.match(sat.reason, /does not apply on 2026-12-19 \(exception date\)/);
  // ...but does on the Friday evening before (until the exception day begins) and on Sunday.
  check(p, '2026-12-18T23:30:00Z', 'off', '2026-12-19T00:00:00Z');
  check(p, '2026-12-20T12:00:00Z', 'off');
});

test('absolute off ranges', () => {
  const p = policy('schedule', {
    timezone: LONDON,
    offRanges: [{ from: '2026-12-24T18:00:00Z', to: '2026-12-27T08:00:00Z' }],
  });
  check(p, '2026-12-24T17:30:00Z', 'on', '2026-12-24T18:00:00Z');
  const out = check(p, '2026-12-24T18:00:00Z', 'off');
  assert.match(out.reason, /off range 2026-12-24 18:00Z–2026-12-27 08:00Z/);
  check(p, '2026-12-27T07:30:00Z', 'off', '2026-12-27T08:00:00Z');
  check(p, '2026-12-27T08:00:00Z', 'on');
});

test('grace: a freshly created workload is left on where the schedule would switch it off', () => {
  const p = policy('schedule', {
    timezone: LONDON,
    offWindows: [{ from: { day: 'fri', time: '19:00' }, to: { day: 'mon', time: '07:00' } }],
    graceMinutes: 60,
  });
  const now = '2026-01-17T12:00:00Z';
  const fresh = workload({ createdAt: new Date(Date.parse(now) - 20 * MIN) });
  const out = check(p, now, 'on', '2026-01-17T12:40:00Z', fresh);
  assert.match(out.reason, /^on: created 20 min ago, within the 1 h grace of schedule .* \(otherwise off: /);
  assert.equal(out.replicas, 3);
  check(p, '2026-01-17T12:40:00Z', 'off', undefined, fresh);
  check(p, now, 'off', undefined, workload({ createdAt: new Date(Date.parse(now) - 61 * MIN) }));
});

test('the schedule abstains outside its off times, so lower-precedence policies decide', () => {
  const t = at('2026-01-14T12:00:00Z');
  const grid = policy('carbon-threshold', { offAboveGPerKwh: 300 });
  const out = decide(workload(), [weekend, grid], [], signals(carbon(t, 400)), t);
  assert.equal(out.desired, 'off');
  assert.equal(out.policy?.type, 'carbon-threshold');
  // ...and the schedule's next edge still bounds until (Fri 19:00 is days away, so the hour cap applies).
  assert.ok(out.until.getTime() <= t.getTime() + 60 * MIN);
});
