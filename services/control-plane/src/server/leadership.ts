// Who leads among control-plane replicas. In a pod, a coordination.k8s.io Lease (what Kubernetes operators
// expect, visible with kubectl); elsewhere a PostgreSQL advisory lock on the shared database.
import { hostname } from 'node:os';
import { ConfigError, type Config } from '../config';
import type { Database } from '../db';
import { holdKubernetesLease, kubeNamespace } from '../actuators';
import type { Actuators } from './actuators';

export type HoldLeadership = (onChange: (leading: boolean) => void) => Promise<() => Promise<void>>;

export function leadershipFor(
  config: Config,
  db: Database,
  actuators: Actuators,
  onError: (err: Error) => void,
): { kind: 'kubernetes-lease' | 'database-lock'; hold: HoldLeadership } {
  const kube = actuators.kubernetes;
  const useLease =
    config.leaderElection === 'kubernetes' ||
    (config.leaderElection === 'auto' && kube?.settings.source === 'in-cluster');
  if (!useLease) return { kind: 'database-lock', hold: (onChange) => db.holdLeadership(onChange) };
  if (!kube)
    throw new ConfigError(
      'LIGHTSWITCH_LEADER_ELECTION',
      'kubernetes needs a cluster (LIGHTSWITCH_KUBECONFIG)',
    );
  const namespace = config.env.LIGHTSWITCH_LEASE_NAMESPACE?.trim() || kubeNamespace(kube.kubeConfig);
  if (!namespace)
    throw new ConfigError(
      'LIGHTSWITCH_LEASE_NAMESPACE',
      'the kubeconfig context names no namespace for the leader Lease; set this variable',
    );
  const identity = `${hostname()}-${process.pid}`;
  return {
    kind: 'kubernetes-lease',
    hold: (onChange) => holdKubernetesLease(kube.kubeConfig, { namespace, identity, onError }, onChange),
  };
}
