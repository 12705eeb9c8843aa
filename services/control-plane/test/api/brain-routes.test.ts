import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { recordUsage, usageForInterval, loadEnergySettings } from '../../src/energy';
import { sampleWorkload, samplePolicy, startTestApi, type TestApi } from '../support/api';

const scenario = {
  zone: 'GB',
  from: '2023-01-09T00:00:00Z',
  to: '2023-01-16T00:00:00Z',
  workloads: [{ name: 'web', labels: { tier: 'web' }, replicasOn: 2 }],
  policies: [samplePolicy('weekends')],
};

describe('signals, usage and simulations over the API', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi('postgres');
  });
  after(() => api.close());

  test('GET /signals/{zone}: the current signal with its status, and the stored samples', async () => {
    const res = await api.call('GET', '/api/v1/signals/GB', { role: 'viewer' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(body.chain, ['bundled']);
    assert.equal(body.signal.zone, 'GB');
    assert.ok(['fresh', 'stale', 'missing'].includes(body.signal.status));
    assert.ok(body.samples.length > 0, 'refreshing stored the bundled samples');
    assert.ok(body.samples.every((s: { source: string }) => s.source === 'bundled'));
    const unknown = await api.call('GET', '/api/v1/signals/ATLANTIS', { role: 'viewer' });
    assert.equal(unknown.statusCode, 200);
    assert.equal(unknown.json().signal.status, 'missing', 'a zone without data is missing, never zero');
    for (const [url, field] of [
      ['/api/v1/signals/GB?from=2023-01-02T00:00:00Z&to=2023-01-01T00:00:00Z', 'to'],
      ['/api/v1/signals/GB?from=yesterday', 'from'],
      ['/api/v1/signals/G%20B', 'zone'],
    ] as const) {
      const bad = await api.call('GET', url, { role: 'viewer' });
      assert.ok(bad.statusCode === 400 || bad.statusCode === 422, url);
      assert.ok(
        bad.json().details.some((d: { field: string }) => d.field === field),
        `${url}: ${bad.body}`,
      );
    }
  });

  test('GET /usage: used and avoided per workload and in total', async () => {
    await api.call('POST', '/api/v1/workloads', { body: sampleWorkload('meter') });
    const w = await api.db.prisma.workload.findUniqueOrThrow({ where: { name: 'meter' } });
    const energy = loadEnergySettings({});
    const at = (h: number) => new Date(Date.UTC(2026, 0, 5, h));
    await recordUsage(api.db.prisma, [
      usageForInterval(
        {
          workload: w,
          state: 'on',
          replicas: 3,
          intervalStart: at(0),
          intervalEnd: at(1),
          intensityGPerKwh: 100,
        },
        energy,
      ),
      usageForInterval(
        {
          workload: w,
          state: 'off',
          replicas: 0,
          intervalStart: at(1),
          intervalEnd: at(2),
          intensityGPerKwh: 200,
        },
        energy,
      ),
    ]);
    const res = await api.call(
      'GET',
      `/api/v1/usage?workload=meter&from=${at(0).toISOString()}&to=${at(3).toISOString()}`,
      { role: 'viewer' },
    );
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.total.intervals, 2);
    assert.ok(body.total.energyKwh > 0);
    assert.ok(
      Math.abs(body.total.energyKwh - body.total.avoidedEnergyKwh) < 1e-12,
      'one hour on, one hour off, same size',
    );
    assert.ok(body.total.avoidedCarbonGrams > body.total.carbonGrams, 'the hour off was the dirtier one');
    assert.equal(body.byWorkload[0].workloadName, 'meter');
    const bad = await api.call('GET', '/api/v1/usage?workload=ghost', { role: 'viewer' });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().details[0].field, 'workload');
  });

  test('POST /simulations: JSON, Markdown and SVG; bad scenarios named field by field', async () => {
    const json = await api.call('POST', '/api/v1/simulations', { role: 'operator', body: scenario });
    assert.equal(json.statusCode, 200, json.body);
    const result = json.json();
    assert.equal(result.workloads[0].offHours, 60);
    assert.equal(result.intervals, 336);
    const md = await api.call('POST', '/api/v1/simulations?format=markdown', {
      role: 'operator',
      body: scenario,
    });
    assert.match(String(md.headers['content-type']), /^text\/markdown/);
    assert.match(md.body, /\| web \| 1 \| 108\.0 \| 60\.0 \|/);
    const svg = await api.call('POST', '/api/v1/simulations?format=svg', {
      role: 'operator',
      body: scenario,
    });
    assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
    assert.match(svg.body, /^<svg /);
    const bad = await api.call('POST', '/api/v1/simulations', {
      role: 'operator',
      body: {
        ...scenario,
        zone: 'XX',
        policies: [samplePolicy('p', { spec: { timezone: 'Mars/Base', offDates: ['2023-01-01'] } })],
      },
    });
    assert.equal(bad.statusCode, 422);
    const fields = bad.json().details.map((d: { field: string }) => d.field);
    assert.ok(fields.includes('zone') && fields.includes('policies.0.spec.timezone'), JSON.stringify(fields));
    const viewer = await api.call('POST', '/api/v1/simulations', { role: 'viewer', body: scenario });
    assert.equal(viewer.statusCode, 403);
  });
});
