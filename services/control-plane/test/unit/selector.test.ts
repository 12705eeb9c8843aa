import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matches, parseSelector, SelectorError } from '../../src/labels';

test('parses every Kubernetes selector operator', () => {
  assert.deepEqual(
    parseSelector('app=web, tier==front,env!=prod,zone in (gb, de),team notin (x),canary,!legacy'),
    [
      { key: 'app', op: 'in', values: ['web'] },
      { key: 'tier', op: 'in', values: ['front'] },
      { key: 'env', op: 'notin', values: ['prod'] },
      { key: 'zone', op: 'in', values: ['gb', 'de'] },
      { key: 'team', op: 'notin', values: ['x'] },
      { key: 'canary', op: 'exists' },
      { key: 'legacy', op: 'doesnotexist' },
    ],
  );
  assert.deepEqual(parseSelector('  '), []);
  assert.deepEqual(parseSelector('lightswitch.io/tier=batch'), [
    { key: 'lightswitch.io/tier', op: 'in', values: ['batch'] },
  ]);
});

test('rejects malformed selectors with the problem named', () => {
  for (const bad of [
    'app=',
    'a,,b',
    'zone in (gb',
    'zone in gb)',
    '=x',
    'a b c',
    'bad key!=x',
    '-a=b',
    'a=b c',
  ]) {
    if (bad === 'app=') {
      // An empty value is legal in Kubernetes selectors.
      assert.deepEqual(parseSelector(bad), [{ key: 'app', op: 'in', values: [''] }]);
      continue;
    }
    assert.throws(() => parseSelector(bad), SelectorError, bad);
  }
});

test('matches with Kubernetes semantics (!= and notin match a missing key)', () => {
  const labels = { app: 'web', zone: 'gb' };
  const yes = [
    'app=web',
    'app!=api',
    'missing!=x',
    'zone in (gb,de)',
    'zone notin (fr)',
    'missing notin (a)',
    'app',
    '!missing',
    '',
  ];
  const no = [
    'app=api',
    'app!=web',
    'zone in (fr)',
    'zone notin (gb)',
    'missing',
    '!app',
    'missing=x',
    'missing in (x)',
  ];
  for (const s of yes) assert.equal(matches(parseSelector(s), labels), true, s);
  for (const s of no) assert.equal(matches(parseSelector(s), labels), false, s);
});
