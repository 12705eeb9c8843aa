import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/program';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) },
  };
}

test('lightswitch simulate: a scenario with a forecast file, written as JSON, Markdown and SVG', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ls-sim-'));
  try {
    // A forecast that is the truth plus a constant error, so the "points" mode is really used.
    const rows = ['timestamp,forecast_gco2_per_kwh'];
    for (let h = 0; h < 7 * 48; h++)
      rows.push(`${new Date(Date.UTC(2023, 4, 1) + h * 1800_000).toISOString()},${100 + (h % 48)}`);
    await writeFile(join(dir, 'forecast.csv'), rows.join('\n'));
    await writeFile(
      join(dir, 'scenario.yaml'),
      `zone: GB
from: 2023-05-01T00:00:00Z
to: 2023-05-08T00:00:00Z
forecastFile: forecast.csv
workloads:
  - { name: report, labels: { job: report }, replicasOn: 2 }
policies:
  - name: window
    type: carbon-window
    selector: job=report
    spec: { durationMinutes: 120, earliestStart: "2023-05-02T00:00:00Z", deadline: "2023-05-04T00:00:00Z" }
`,
    );
    const { out, io } = capture();
    const code = await run(
      ['simulate', '-f', join(dir, 'scenario.yaml'), '-o', join(dir, 'out'), '--no-progress'],
      { io, env: {} },
    );
    assert.equal(code, 0, out.stderr);
    assert.match(out.stdout, /forecast: points/);
    assert.match(out.stdout, /## Deferrable jobs/);
    const result = JSON.parse(await readFile(join(dir, 'out', 'result.json'), 'utf8'));
    assert.equal(result.scenario.forecast, 'points');
    assert.equal(result.workloads[0].job.deadlineMet, true);
    // The made-up forecast is lowest at the start of each day (100 + half-hour of day): the plan follows it.
    assert.match(result.workloads[0].job.startedAt, /T00:00:00\.000Z$/);
    assert.match(await readFile(join(dir, 'out', 'summary.md'), 'utf8'), /^# Simulation/);
    assert.match(await readFile(join(dir, 'out', 'chart.svg'), 'utf8'), /^<svg /);

    const bad = capture();
    await writeFile(
      join(dir, 'bad.yaml'),
      'zone: XX\nfrom: 2023-05-01T00:00:00Z\nto: 2023-04-02T00:00:00Z\nworkloads: [{ name: a }]\npolicies: []\n',
    );
    assert.equal(await run(['simulate', '-f', join(dir, 'bad.yaml')], { io: bad.io, env: {} }), 1);
    assert.match(bad.out.stderr, /zone: no data for zone "XX"/);
    assert.match(bad.out.stderr, /to: must be after from/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
