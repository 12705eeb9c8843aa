// The CCF model and usageForInterval against hand-computed examples (the arithmetic is written out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  carbonGrams,
  costUsd,
  defaultCoefficients,
  embodiedCarbonGrams,
  energyBreakdownKwh,
  energyKwh,
  loadEnergySettings,
  measuredEnergyKwh,
  totalUsage,
  usageForInterval,
  type EnergySettings,
  type UsageForIntervalInput,
} from '../../src/energy';

function near(actual: number | null, expected: number, what = 'value'): void {
  assert.notEqual(actual, null, `${what} is null`);
  const a = actual as number;
  assert.ok(
    Math.abs(a - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
    `${what}: expected ${expected}, got ${a}`,
  );
}

const { profiles } = defaultCoefficients();
const aws: EnergySettings = loadEnergySettings({});
const hour = (h: number) => new Date(Date.UTC(2025, 0, 6, h));

test('AWS energy: 2 vCPU-hours and 4 GB-hours at the default 50% utilisation', () => {
  // average W/vCPU = 0.74 + 0.5 x (3.5 - 0.74)          = 0.74 + 1.38 = 2.12 W
  // compute        = 2 vCPU-h x 2.12 W = 4.24 Wh        = 0.00424 kWh
  // memory         = 4 GB-h x 0.000392 kWh/GB-h         = 0.001568 kWh
  // IT             = 0.00424 + 0.001568                 = 0.005808 kWh
  // facility       = 0.005808 x PUE 1.135               = 0.00659208 kWh
  const b = energyBreakdownKwh({ vcpuHours: 2, memoryGbHours: 4 }, profiles.aws);
  near(b.computeKwh, 0.00424, 'computeKwh');
  near(b.memoryKwh, 0.001568, 'memoryKwh');
  near(b.itKwh, 0.005808, 'itKwh');
  near(b.energyKwh, 0.00659208, 'energyKwh');
  near(energyKwh({ vcpuHours: 2, memoryGbHours: 4 }, profiles.aws), 0.00659208);
});

test('utilisation moves compute energy between min and max watts (GCP)', () => {
  // 1 vCPU-h at 0%:   0.68 Wh x PUE 1.1 = 0.000748 kWh
  // 1 vCPU-h at 100%: 4.11 Wh x 1.1     = 0.004521 kWh
  // 1 vCPU-h at 25%:  (0.68 + 0.25 x (4.11 - 0.68)) = 1.5375 Wh x 1.1 = 0.00169125 kWh
  near(energyKwh({ vcpuHours: 1, memoryGbHours: 0, cpuUtilisation: 0 }, profiles.gcp), 0.000748);
  near(energyKwh({ vcpuHours: 1, memoryGbHours: 0, cpuUtilisation: 1 }, profiles.gcp), 0.004521);
  near(energyKwh({ vcpuHours: 1, memoryGbHours: 0, cpuUtilisation: 0.25 }, profiles.gcp), 0.00169125);
  assert.throws(
    () => energyKwh({ vcpuHours: 1, memoryGbHours: 0, cpuUtilisation: 1.5 }, profiles.gcp),
    RangeError,
  );
});

test('embodied share, carbon and cost (AWS, 200 g/kWh)', () => {
  // embodied = 1.6103792 t (m5.metal) = 1,610,379.2 g spread over 35,040 h and 96 vCPUs:
  //            2 vCPU-h x 1,610,379.2 g / (35,040 h x 96 vCPU) = 3,220,758.4 / 3,363,840 = 0.957464802130898 g
  const embodied = embodiedCarbonGrams(2, profiles.aws);
  near(embodied, 0.957464802130898, 'embodied');
  // carbon = 0.00659208 kWh x 200 g/kWh + 0.957464802130898 g = 1.318416 + 0.957464802130898 = 2.275880802130898 g
  near(
    carbonGrams({ energyKwh: 0.00659208, intensityGPerKwh: 200, embodiedGrams: embodied }),
    2.275880802130898,
  );
  // cost = 2 vCPU-h x $0.04048 + 4 GB-h x $0.004445 = 0.08096 + 0.01778 = $0.09874
  near(costUsd({ vcpuHours: 2, memoryGbHours: 4 }, aws.prices), 0.09874, 'costUsd');
});

test('unknown intensity: carbon is null, not 0 and not the embodied part alone', () => {
  assert.equal(carbonGrams({ energyKwh: 1, intensityGPerKwh: undefined, embodiedGrams: 3 }), null);
  assert.equal(carbonGrams({ energyKwh: 1, intensityGPerKwh: null }), null);
  // a known zero intensity is a real zero: only the embodied share remains
  assert.equal(carbonGrams({ energyKwh: 1, intensityGPerKwh: 0, embodiedGrams: 3 }), 3);
});

test('on-prem has no embodied share unless configured; its PUE is 1.58', () => {
  assert.equal(embodiedCarbonGrams(10, profiles['on-prem']), 0);
  // 1 vCPU-h at 50%: (0.735 + 0.5 x (3.5425 - 0.735)) = 2.13875 Wh x 1.58 = 0.003379225 kWh
  near(energyKwh({ vcpuHours: 1, memoryGbHours: 0 }, profiles['on-prem']), 0.003379225);
});

const web = { id: '00000000-0000-4000-8000-000000000001', zone: 'GB', vcpu: 2, memoryGb: 4, replicasOn: 3 };

function interval(over: Partial<UsageForIntervalInput>): UsageForIntervalInput {
  return {
    workload: web,
    state: 'on',
    replicas: 3,
    intervalStart: hour(9),
    intervalEnd: hour(10),
    intensityGPerKwh: 200,
    ...over,
  };
}

test('on at full size: used for every replica, nothing avoided', () => {
  // 3 replicas x 2 vCPU x 1 h = 6 vCPU-h; 3 x 4 GB x 1 h = 12 GB-h: three times the 2 vCPU-h / 4 GB-h example
  const r = usageForInterval(interval({}), aws);
  near(r.cpuSeconds, 6 * 3600, 'cpuSeconds');
  near(r.memoryGbSeconds, 12 * 3600, 'memoryGbSeconds');
  near(r.energyKwh, 3 * 0.00659208, 'energyKwh');
  near(r.carbonGrams, 3 * 2.275880802130898, 'carbonGrams');
  near(r.costUsd, 3 * 0.09874, 'costUsd');
  assert.equal(r.energyMethod, 'model');
  assert.equal(r.avoidedEnergyKwh, 0);
  assert.equal(r.avoidedCarbonGrams, 0);
  assert.equal(r.avoidedCostUsd, 0);
  assert.equal(r.zone, 'GB');
  assert.equal(r.intensityGPerKwh, 200);
});

test('switched off: everything replicasOn would have used is avoided, credited to the policy', () => {
  // off for 30 min with replicasOn 3: avoided = 3 x 2 vCPU x 0.5 h = 3 vCPU-h, 3 x 4 GB x 0.5 h = 6 GB-h
  // energy  = (3 x 2.12 Wh / 1000 + 6 x 0.000392) x 1.135 = (0.00636 + 0.002352) x 1.135 = 0.00988812 kWh
  // carbon  = 0.00988812 x 150 + 3 x 0.478732401065449 = 1.483218 + 1.436197203196347 = 2.919415203196347 g
  // cost    = 3 x 0.04048 + 6 x 0.004445 = 0.12144 + 0.02667 = $0.14811
  const policyId = '00000000-0000-4000-8000-0000000000aa';
  const r = usageForInterval(
    interval({
      state: 'off',
      replicas: 0,
      intervalEnd: new Date(hour(9).getTime() + 1800_000),
      intensityGPerKwh: 150,
      policyId,
    }),
    aws,
  );
  assert.equal(r.state, 'off');
  assert.equal(r.energyKwh, 0);
  assert.equal(r.carbonGrams, 0);
  assert.equal(r.costUsd, 0);
  assert.equal(r.cpuSeconds, 0);
  near(r.avoidedCpuSeconds, 3 * 3600, 'avoidedCpuSeconds');
  near(r.avoidedMemoryGbSeconds, 6 * 3600, 'avoidedMemoryGbSeconds');
  near(r.avoidedEnergyKwh, 0.00988812, 'avoidedEnergyKwh');
  near(r.avoidedCarbonGrams, 2.919415203196347, 'avoidedCarbonGrams');
  near(r.avoidedCostUsd, 0.14811, 'avoidedCostUsd');
  assert.equal(r.policyId, policyId);
});

test('scaled down: used for the replicas that ran, avoided for the rest; together they make the full size', () => {
  const full = usageForInterval(interval({}), aws);
  const scaled = usageForInterval(interval({ replicas: 1 }), aws);
  near(scaled.energyKwh, full.energyKwh / 3, 'used energy = 1 of 3 replicas');
  near(scaled.avoidedEnergyKwh, (full.energyKwh * 2) / 3, 'avoided energy = 2 of 3 replicas');
  near(scaled.energyKwh + scaled.avoidedEnergyKwh, full.energyKwh, 'used + avoided energy');
  near(scaled.carbonGrams! + scaled.avoidedCarbonGrams!, full.carbonGrams!, 'used + avoided carbon');
  near(scaled.costUsd + scaled.avoidedCostUsd, full.costUsd, 'used + avoided cost');
  near(scaled.cpuSeconds + scaled.avoidedCpuSeconds, full.cpuSeconds, 'used + avoided cpuSeconds');
  // above replicasOn nothing is avoided (never negative)
  const burst = usageForInterval(interval({ replicas: 5 }), aws);
  assert.equal(burst.avoidedEnergyKwh, 0);
  assert.equal(burst.avoidedCostUsd, 0);
  near(burst.energyKwh, (full.energyKwh * 5) / 3);
});

test('measured energy replaces the model for what ran, and values the avoided replicas per replica', () => {
  // 2 replicas ran and Kepler counted 14,400 J: 14,400 / 3,600,000 = 0.004 kWh x PUE 1.135 = 0.00454 kWh
  // (the model would say 2 x 0.00659208 = 0.01318416 kWh). The third replica is avoided at 0.00454 / 2 = 0.00227.
  const r = usageForInterval(interval({ replicas: 2, measuredJoules: 14_400 }), aws);
  assert.equal(r.energyMethod, 'measured');
  near(r.energyKwh, 0.00454, 'energyKwh');
  near(measuredEnergyKwh(14_400, profiles.aws), 0.00454);
  near(r.avoidedEnergyKwh, 0.00227, 'avoidedEnergyKwh');
  // carbon uses the measured energy; embodied still follows vCPU-hours (2 x 2 vCPU x 1 h = 4 vCPU-h):
  // 0.00454 x 200 + 4 x 0.478732401065449 = 0.908 + 1.914929604261796 = 2.822929604261796 g
  near(r.carbonGrams, 2.822929604261796, 'carbonGrams');
  // cost is for reserved capacity, the same whatever the energy method
  near(r.costUsd, usageForInterval(interval({ replicas: 2 }), aws).costUsd, 'costUsd');

  // switched off with a (residual) measurement: used is measured, the avoided replicas are modelled
  const off = usageForInterval(interval({ state: 'off', replicas: 0, measuredJoules: 360 }), aws);
  assert.equal(off.energyMethod, 'measured');
  near(off.energyKwh, (360 / 3_600_000) * 1.135);
  near(off.avoidedEnergyKwh, 3 * 0.00659208, 'modelled avoided energy');
});

test('unknown intensity: energy and cost are known, carbon is null in both directions', () => {
  const r = usageForInterval(interval({ replicas: 1, intensityGPerKwh: undefined }), aws);
  assert.equal(r.intensityGPerKwh, null);
  assert.equal(r.carbonGrams, null);
  assert.equal(r.avoidedCarbonGrams, null);
  near(r.energyKwh, 0.00659208 * 1);
  assert.ok(r.costUsd > 0 && r.avoidedCostUsd > 0);
});

test('bad inputs are refused with the field named', () => {
  assert.throws(() => usageForInterval(interval({ intervalEnd: hour(8) }), aws), /intervalEnd/);
  assert.throws(() => usageForInterval(interval({ replicas: -1 }), aws), /replicas/);
  assert.throws(() => usageForInterval(interval({ replicas: 1.5 }), aws), /replicas/);
  assert.throws(() => usageForInterval(interval({ cpuUtilisation: 2 }), aws), /cpuUtilisation/);
  assert.throws(() => usageForInterval(interval({ measuredJoules: -5 }), aws), /measuredJoules/);
  assert.throws(() => usageForInterval(interval({ intensityGPerKwh: Number.NaN }), aws), /intensityGPerKwh/);
  assert.throws(() => usageForInterval(interval({ workload: { ...web, vcpu: -2 } }), aws), /vcpu/);
});

test('totalUsage adds used and avoided amounts and counts the intervals without intensity', () => {
  const records = [
    usageForInterval(interval({}), aws),
    usageForInterval(
      interval({ intervalStart: hour(10), intervalEnd: hour(11), replicas: 0, state: 'off' }),
      aws,
    ),
    usageForInterval(
      interval({ intervalStart: hour(11), intervalEnd: hour(12), intensityGPerKwh: undefined }),
      aws,
    ),
  ];
  const t = totalUsage(records);
  assert.equal(t.intervals, 3);
  assert.equal(t.intervalsWithoutIntensity, 1);
  near(t.energyKwh, 2 * 3 * 0.00659208, 'energyKwh (hours 9 and 11)');
  near(t.avoidedEnergyKwh, 3 * 0.00659208, 'avoidedEnergyKwh (hour 10)');
  near(t.carbonGrams, 3 * 2.275880802130898, 'carbon only where known (hour 9)');
  near(t.avoidedCarbonGrams, 3 * 2.275880802130898, 'avoided carbon (hour 10)');
});
