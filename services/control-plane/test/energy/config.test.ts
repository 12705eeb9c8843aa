// LIGHTSWITCH_ENERGY_PROFILE, LIGHTSWITCH_PRICE_* and LIGHTSWITCH_ONPREM_*: defaults, overrides, errors naming the variable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config';
import {
  defaultCoefficients,
  embodiedCarbonGrams,
  loadEnergySettings,
  parseEnergyEnv,
} from '../../src/energy';

const coefficients = defaultCoefficients();

test('no variables: the aws profile and the data file prices', () => {
  const s = loadEnergySettings({});
  assert.deepEqual(s.profile, coefficients.profiles.aws);
  assert.deepEqual(s.prices, coefficients.prices);
  assert.equal(parseEnergyEnv({ LIGHTSWITCH_ENERGY_PROFILE: '' }).profile, 'aws');
});

test('profile and prices from the environment', () => {
  for (const name of ['aws', 'gcp', 'azure', 'on-prem'] as const) {
    assert.equal(loadEnergySettings({ LIGHTSWITCH_ENERGY_PROFILE: name }).profile.name, name);
  }
  const s = loadEnergySettings({
    LIGHTSWITCH_ENERGY_PROFILE: 'gcp',
    LIGHTSWITCH_PRICE_VCPU_HOUR: '0.031611',
    LIGHTSWITCH_PRICE_GB_HOUR: '0',
  });
  assert.deepEqual(s.prices, { vcpuHourUsd: 0.031611, gbHourUsd: 0 });
  assert.equal(s.profile.pue, coefficients.profiles.gcp.pue);
});

test('on-prem overrides: watts, PUE and an embodied server', () => {
  const s = loadEnergySettings({
    LIGHTSWITCH_ENERGY_PROFILE: 'on-prem',
    LIGHTSWITCH_ONPREM_MIN_WATTS: '1.2',
    LIGHTSWITCH_ONPREM_MAX_WATTS: '4.8',
    LIGHTSWITCH_ONPREM_PUE: '1.4',
    LIGHTSWITCH_ONPREM_EMBODIED_KGCO2E: '1500',
    LIGHTSWITCH_ONPREM_SERVER_VCPUS: '64',
  });
  assert.equal(s.profile.minWattsPerVcpu, 1.2);
  assert.equal(s.profile.maxWattsPerVcpu, 4.8);
  assert.equal(s.profile.pue, 1.4);
  // 1,500 kg = 1,500,000 g over 35,040 h and 64 vCPUs; 64 vCPU-h = one whole server for one hour:
  // 1,500,000 x 64 / (35,040 x 64) = 42.80821917808219 g
  assert.ok(Math.abs(embodiedCarbonGrams(64, s.profile) - 1_500_000 / 35_040) < 1e-9);
  // only the one given is overridden
  const partial = loadEnergySettings({
    LIGHTSWITCH_ENERGY_PROFILE: 'on-prem',
    LIGHTSWITCH_ONPREM_PUE: '1.2',
  });
  assert.equal(partial.profile.pue, 1.2);
  assert.equal(partial.profile.minWattsPerVcpu, coefficients.profiles['on-prem'].minWattsPerVcpu);
  assert.equal(partial.profile.embodied, null);
});

test('on-prem overrides do not change a cloud profile', () => {
  const s = loadEnergySettings({ LIGHTSWITCH_ENERGY_PROFILE: 'azure', LIGHTSWITCH_ONPREM_PUE: '1.9' });
  assert.deepEqual(s.profile, coefficients.profiles.azure);
});

test('bad values name the variable', () => {
  const cases: [Record<string, string>, string][] = [
    [{ LIGHTSWITCH_ENERGY_PROFILE: 'ibm' }, 'LIGHTSWITCH_ENERGY_PROFILE'],
    [{ LIGHTSWITCH_ENERGY_PROFILE: 'AWS' }, 'LIGHTSWITCH_ENERGY_PROFILE'],
    [{ LIGHTSWITCH_PRICE_VCPU_HOUR: '-0.01' }, 'LIGHTSWITCH_PRICE_VCPU_HOUR'],
    [{ LIGHTSWITCH_PRICE_VCPU_HOUR: '$0.04' }, 'LIGHTSWITCH_PRICE_VCPU_HOUR'],
    [{ LIGHTSWITCH_PRICE_GB_HOUR: 'NaN' }, 'LIGHTSWITCH_PRICE_GB_HOUR'],
    [{ LIGHTSWITCH_PRICE_GB_HOUR: 'Infinity' }, 'LIGHTSWITCH_PRICE_GB_HOUR'],
    [{ LIGHTSWITCH_ONPREM_MIN_WATTS: '-1' }, 'LIGHTSWITCH_ONPREM_MIN_WATTS'],
    [{ LIGHTSWITCH_ONPREM_MAX_WATTS: 'lots' }, 'LIGHTSWITCH_ONPREM_MAX_WATTS'],
    [{ LIGHTSWITCH_ONPREM_PUE: '0.9' }, 'LIGHTSWITCH_ONPREM_PUE'],
    [
      { LIGHTSWITCH_ONPREM_SERVER_VCPUS: '1.5', LIGHTSWITCH_ONPREM_EMBODIED_KGCO2E: '1000' },
      'LIGHTSWITCH_ONPREM_SERVER_VCPUS',
    ],
    [{ LIGHTSWITCH_ONPREM_EMBODIED_KGCO2E: '1000' }, 'LIGHTSWITCH_ONPREM_SERVER_VCPUS'],
    [{ LIGHTSWITCH_ONPREM_SERVER_VCPUS: '64' }, 'LIGHTSWITCH_ONPREM_EMBODIED_KGCO2E'],
    // min above the default max, max below the default min, and the pair crossed
    [{ LIGHTSWITCH_ONPREM_MIN_WATTS: '5' }, 'LIGHTSWITCH_ONPREM_MIN_WATTS'],
    [{ LIGHTSWITCH_ONPREM_MAX_WATTS: '0.1' }, 'LIGHTSWITCH_ONPREM_MAX_WATTS'],
    [
      { LIGHTSWITCH_ONPREM_MIN_WATTS: '3', LIGHTSWITCH_ONPREM_MAX_WATTS: '2' },
      'LIGHTSWITCH_ONPREM_MAX_WATTS',
    ],
  ];
  for (const [env, name] of cases) {
    assert.throws(
      () => loadEnergySettings(env),
      (err: unknown) =>
        err instanceof ConfigError && err.variable === name && err.message.startsWith(`${name}:`),
      `${JSON.stringify(env)} should name ${name}`,
    );
  }
});
