import type { Scenario } from '../src/backtest';

/**
 * The backtest benchmark's scenario: 1,000 workloads over a whole year of half-hours (GB) and hours (DE, FR),
 * under five policies of different types. Every workload has its own app label; teams, tiers, zones and
 * sizes vary, so the run covers many distinct trajectories.
 */
export function yearOf1000Workloads(): Scenario {
  const zones = ['GB', 'GB', 'GB', 'DE', 'FR'];
  const tiers = ['web', 'batch', 'data', 'web', 'batch'];
  return {
    name: 'one year, 1,000 workloads',
    zone: 'GB',
    from: '2023-01-01T00:00:00Z',
    to: '2024-01-01T00:00:00Z',
    workloads: Array.from({ length: 1000 }, (_, i) => ({
      name: `app-${String(i).padStart(4, '0')}`,
      zone: zones[i % zones.length]!,
      labels: {
        app: `app-${i}`,
        team: `team-${i % 10}`,
        tier: tiers[(i >> 1) % tiers.length]!,
        ...(i % 97 === 0 ? { job: 'nightly' } : {}),
      },
      replicasOn: 1 + (i % 4),
      vcpu: i % 3 === 0 ? 2 : 1,
      memoryGb: 2,
    })),
    policies: [
      {
        name: 'protect-team-0',
        type: 'always-on',
        selector: 'team=team-0',
        spec: { reason: 'customer facing' },
      },
      {
        name: 'weekends',
        type: 'schedule',
        selector: 'tier=web',
        spec: {
          timezone: 'Europe/London',
          offWindows: [{ from: { day: 'fri', time: '19:00' }, to: { day: 'mon', time: '07:00' } }],
          offDates: ['2023-12-25', '2023-12-26'],
        },
      },
      {
        name: 'dirty-grid',
        type: 'carbon-threshold',
        selector: 'tier=batch',
        spec: { offAbovePercentile: 70, hysteresisGPerKwh: 10, minOnMinutes: 60, minOffMinutes: 60 },
      },
      { name: 'quiet', type: 'idle', selector: 'tier=data', spec: { idleMinutes: 30 } },
      {
        name: 'nightly',
        type: 'carbon-window',
        selector: 'job=nightly',
        spec: {
          durationMinutes: 360,
          earliestStart: '2023-03-01T00:00:00Z',
          deadline: '2023-03-04T00:00:00Z',
          maxInterruptions: 2,
        },
      },
    ],
  };
}
