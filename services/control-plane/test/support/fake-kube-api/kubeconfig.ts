// A kubeconfig for the fake API server, written as YAML the way kubectl writes one and loaded by the client
// library from that file, so tests go through the same loading as production.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { FakeKubeApi } from './server';

export interface FakeKubeconfig {
  path: string;
  kubeConfig: KubeConfig;
}

/**
 * Contexts: `fake` (current; user admin, namespace `default`), `fake-alt` (the same server as user alt, whose
 * requests faults can single out) and `fake-anonymous` (no token: every request is 401).
 */
export function writeFakeKubeconfig(
  api: FakeKubeApi,
  dir = mkdtempSync(join(tmpdir(), 'ls-kubeconfig-')),
): FakeKubeconfig {
  const path = join(dir, 'kubeconfig.yaml');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server: api.url, 'insecure-skip-tls-verify': true } }],
    users: [
      { name: 'fake', user: { token: api.tokenOf('admin') } },
      { name: 'fake-alt', user: { token: api.tokenOf('alt') } },
      { name: 'anonymous', user: {} },
    ],
    contexts: [
      { name: 'fake', context: { cluster: 'fake', user: 'fake', namespace: 'default' } },
      { name: 'fake-alt', context: { cluster: 'fake', user: 'fake-alt', namespace: 'default' } },
      { name: 'fake-anonymous', context: { cluster: 'fake', user: 'anonymous' } },
    ],
    'current-context': 'fake',
  };
  writeFileSync(path, stringify(config), { mode: 0o600 });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(path);
  return { path, kubeConfig };
}
