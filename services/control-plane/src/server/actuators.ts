// The actuators a control plane acts through: local processes and webhooks always, Kubernetes when a
// cluster is configured (a kubeconfig, or running in a pod).
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  type Actuator,
  KubernetesActuator,
  type KubernetesSettings,
  ProcessActuator,
  WebhookActuator,
  kubeConfigFrom,
  loadKubernetesSettings,
} from '../actuators';
import type { Config } from '../config';

export interface Actuators {
  list: Actuator[];
  kubernetes?: { settings: KubernetesSettings; kubeConfig: KubeConfig };
  close(): void;
}

export function createActuators(config: Config): Actuators {
  const list: Actuator[] = [
    new WebhookActuator(),
    new ProcessActuator({ stateDir: join(config.dataDir, 'actuators') }),
  ];
  const settings = loadKubernetesSettings(config.env);
  if (!settings) return { list, close: () => undefined };
  const kubeConfig = kubeConfigFrom(settings);
  const kube = new KubernetesActuator({ kubeConfig });
  list.push(kube);
  return { list, kubernetes: { settings, kubeConfig }, close: () => kube.close() };
}
