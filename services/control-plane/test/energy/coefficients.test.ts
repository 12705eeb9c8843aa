// The coefficient data files: every number has a source, and the per-cloud values match CCF's lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CoefficientDataError,
  DEFAULT_ENERGY_DATA_DIR,
  defaultCoefficients,
  loadCoefficients,
} from '../../src/energy';

type Json = unknown;

function hasSource(o: Record<string, unknown>): boolean {
  const s = o.source as Record<string, unknown> | undefined;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.url === 'string' &&
    /^https?:\/\/\S+$/.test(s.url) &&
    typeof s.locator === 'string' &&
    s.locator.trim().length > 0
  );
}

/** Paths of numbers with no object carrying a `source` between them and the root. */
function unsourcedNumbers(v: Json, path = '$', sourced = false): string[] {
  if (typeof v === 'number') return sourced ? [] : [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => unsourcedNumbers(x, `${path}[${i}]`, sourced));
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    const here = sourced || hasSource(o);
    return Object.entries(o).flatMap(([k, x]) => unsourcedNumbers(x, `${path}.${k}`, here));
  }
  return [];
}

function numbersIn(v: Json): number {
  if (typeof v === 'number') return 1;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + numbersIn(x), 0);
  if (typeof v === 'object' && v !== null)
    return Object.values(v).reduce((n: number, x) => n + numbersIn(x), 0);
  return 0;
}

test('every number in every data file carries a source (url and locator)', () => {
  const files = readdirSync(DEFAULT_ENERGY_DATA_DIR).filter((f) => f.endsWith('.json'));
  assert.deepEqual(files.sort(), ['ccf-coefficients.json', 'prices.json']);
  for (const file of files) {
    const data = JSON.parse(readFileSync(join(DEFAULT_ENERGY_DATA_DIR, file), 'utf8')) as Json;
    assert.ok(numbersIn(data) > 0, `${file} has numbers`);
    assert.deepEqual(unsourcedNumbers(data), [], `${file}: numbers without a source`);
  }
});

test('the coefficients the model uses are the ones in the data files', () => {
  const c = defaultCoefficients();
  assert.equal(c.profiles.aws.minWattsPerVcpu, 0.74);
  assert.equal(c.profiles.aws.maxWattsPerVcpu, 3.5);
  assert.equal(c.profiles.aws.pue, 1.135);
  assert.equal(c.profiles.gcp.pue, 1.1);
  assert.equal(c.profiles.azure.pue, 1.185);
  assert.equal(c.profiles['on-prem'].pue, 1.58);
  assert.equal(c.profiles.aws.memoryKwhPerGbHour, 0.000392);
  assert.equal(c.profiles.aws.defaultCpuUtilisation, 0.5);
  assert.equal(c.serverLifespanHours, 35_040);
  assert.equal(c.profiles.aws.embodied?.vcpus, 96);
  assert.equal(c.profiles['on-prem'].embodied, null);
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  return Number.isInteger(mid) ? (s[mid - 1]! + s[mid]!) / 2 : s[Math.floor(mid)]!;
}

test("per-cloud watts are CCF's averages/medians over that cloud's micro-architecture list", () => {
  const { profiles, microarchitectures: m } = defaultCoefficients();
  const watts = (names: string[], key: 'minWattsPerVcpu' | 'maxWattsPerVcpu') =>
    names.map((n) => m.cpus.find((c) => c.name === n)![key]);
  const withoutOutliers = (names: string[]) => names.filter((n) => !m.outliers.includes(n));
  const close = (a: number, b: number, what: string) =>
    assert.ok(Math.abs(a - b) <= 0.005 + 1e-9, `${what}: ${a} vs published ${b}`);

  // AWS and Azure: means without the Sandy/Ivy Bridge outliers, rounded to 2 decimals by CCF
  for (const cloud of ['aws', 'azure'] as const) {
    const names = withoutOutliers(m.usedBy[cloud]);
    close(mean(watts(names, 'minWattsPerVcpu')), profiles[cloud].minWattsPerVcpu, `${cloud} min`);
    close(mean(watts(names, 'maxWattsPerVcpu')), profiles[cloud].maxWattsPerVcpu, `${cloud} max`);
  }
  // GCP: medians; the min without the outliers, the max over the whole list (as CCF published it)
  close(
    median(watts(withoutOutliers(m.usedBy.gcp), 'minWattsPerVcpu')),
    profiles.gcp.minWattsPerVcpu,
    'gcp min',
  );
  close(median(watts(m.usedBy.gcp, 'maxWattsPerVcpu')), profiles.gcp.maxWattsPerVcpu, 'gcp max');

  // on-prem: the mean over every distinct CPU micro-architecture without the outliers (Graviton2 = EPYC 2nd Gen)
  const distinct = withoutOutliers(m.cpus.map((c) => c.name)).filter((n) => n !== 'AWS Graviton2');
  assert.equal(distinct.length, 8);
  assert.ok(Math.abs(mean(watts(distinct, 'minWattsPerVcpu')) - profiles['on-prem'].minWattsPerVcpu) < 1e-12);
  assert.ok(Math.abs(mean(watts(distinct, 'maxWattsPerVcpu')) - profiles['on-prem'].maxWattsPerVcpu) < 1e-12);
});

test('a data file with a number but no source, or a bad value, is refused with the path named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-energy-data-'));
  try {
    cpSync(DEFAULT_ENERGY_DATA_DIR, dir, { recursive: true });
    const file = join(dir, 'ccf-coefficients.json');
    const original = JSON.parse(readFileSync(file, 'utf8'));

    const noSource = structuredClone(original);
    delete noSource.profiles.gcp.pue.source;
    writeFileSync(file, JSON.stringify(noSource));
    assert.throws(
      () => loadCoefficients(dir),
      (e: unknown) => e instanceof CoefficientDataError && e.message.includes('$.profiles.gcp.pue.source'),
    );

    const badPue = structuredClone(original);
    badPue.profiles.azure.pue.value = 0.8;
    writeFileSync(file, JSON.stringify(badPue));
    assert.throws(() => loadCoefficients(dir), /\$\.profiles\.azure\.pue\.value/);

    writeFileSync(file, '{ not json');
    assert.throws(() => loadCoefficients(dir), /not valid JSON/);

    writeFileSync(file, JSON.stringify(original));
    assert.deepEqual(loadCoefficients(dir), defaultCoefficients());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
