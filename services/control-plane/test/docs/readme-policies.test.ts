import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startTestApi, type TestApi } from '../support/api';
import { parseInputs } from '../../src/cli/documents';

// The README promises one example of each policy type that `lightswitch policy apply -f` takes as written.
let api: TestApi;
before(async () => {
  api = await startTestApi('postgres');
});
after(() => api.close());

test('every policy example in the README is accepted by the API as written, one per type', async () => {
  const readme = await readFile(new URL('../../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(
    readme.indexOf('\n## Policies'),
    readme.indexOf('\n## ', readme.indexOf('\n## Policies') + 1),
  );
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const docs = parseInputs(blocks.map((text, i) => ({ source: `README policy example ${i + 1}`, text })));
  const types = new Set<string>();
  for (const doc of docs) {
    const res = await api.call('POST', '/api/v1/policies', { role: 'operator', body: doc.body });
    assert.equal(res.statusCode, 201, `${doc.source}: ${res.body}`);
    types.add(res.json().type);
  }
  assert.deepEqual([...types].sort(), ['always-on', 'carbon-threshold', 'carbon-window', 'idle', 'schedule']);
});
