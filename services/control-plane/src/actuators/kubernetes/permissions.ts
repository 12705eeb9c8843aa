// Every Kubernetes API call the control plane makes, as RBAC rules: the ClusterRole and Role in
// deploy/k8s/base/rbac.yaml grant exactly these (a test compares the file with this list, and another
// records the calls the actuator, discovery and leader election really make against it).
export interface KubernetesPermission {
  apiGroup: string;
  resource: string;
  verbs: readonly string[];
  /** cluster: a ClusterRole (workloads anywhere); namespace: a Role in the control plane's own namespace. */
  scope: 'cluster' | 'namespace';
}

export const KUBERNETES_PERMISSIONS: readonly KubernetesPermission[] = [
  // Read to observe and decide, list for discovery, merge-patch our annotations.
  { apiGroup: 'apps', resource: 'deployments', verbs: ['get', 'list', 'patch'], scope: 'cluster' },
  { apiGroup: 'apps', resource: 'statefulsets', verbs: ['get', 'list', 'patch'], scope: 'cluster' },
  // Replicas change only through the scale subresource, replaced with the resourceVersion read.
  { apiGroup: 'apps', resource: 'deployments/scale', verbs: ['update'], scope: 'cluster' },
  { apiGroup: 'apps', resource: 'statefulsets/scale', verbs: ['update'], scope: 'cluster' },
  { apiGroup: 'batch', resource: 'cronjobs', verbs: ['get', 'list', 'patch'], scope: 'cluster' },
  // Found, never changed (see autoscalers.ts).
  { apiGroup: 'autoscaling', resource: 'horizontalpodautoscalers', verbs: ['list'], scope: 'cluster' },
  // Found, and paused/resumed through KEDA's annotation.
  { apiGroup: 'keda.sh', resource: 'scaledobjects', verbs: ['list', 'patch'], scope: 'cluster' },
  // Leader election.
  {
    apiGroup: 'coordination.k8s.io',
    resource: 'leases',
    verbs: ['get', 'create', 'update'],
    scope: 'namespace',
  },
];
