// A Kubernetes API server for tests: see server.ts.
export { FakeKubeApi, startFakeKubeApi, FAKE_TOKENS } from './server';
export type { FakeKubeApiOptions, LoggedRequest } from './server';
export { writeFakeKubeconfig } from './kubeconfig';
export type { FakeKubeconfig } from './kubeconfig';
export type { FaultMatch } from './faults';
export { Store, StatusError } from './store';
export type { KubeObject, ResourceType } from './store';
export { mergePatch } from './resource';
export { testCluster, REAL_CLUSTER, FAKE_ONLY, TEST_KUBECONFIG_ENV, TEST_NAMESPACE_ENV } from './cluster';
export type { TestCluster } from './cluster';
