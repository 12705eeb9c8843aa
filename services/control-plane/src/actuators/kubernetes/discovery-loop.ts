// Discovery as the control plane runs it: every interval, on the leader only, labelled objects in the
// cluster become (or update) workloads. Settings come from the environment, like the cluster itself.
import type { KubeConfig } from '@kubernetes/client-node';
import type { PrismaClient } from '../../db';
import { KubernetesConfigError } from './config';
import {
  DEFAULT_DISCOVERY_SELECTOR,
  discoverKubernetesWorkloads,
  syncDiscoveredWorkloads,
} from './discovery';

export interface DiscoverySettings {
  enabled: boolean;
  selector: string;
  /** Empty: every namespace the credentials may list. */
  namespaces: string[];
  defaultZone: string | undefined;
  intervalSeconds: number;
}

const ZONE = /^[A-Za-z0-9_-]{1,64}$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** LIGHTSWITCH_KUBE_DISCOVERY, _SELECTOR, _NAMESPACES, _DEFAULT_ZONE, _DISCOVERY_INTERVAL_SECONDS. */
export function loadDiscoverySettings(
  env: Record<string, string | undefined> = process.env,
): DiscoverySettings {
  const raw = env.LIGHTSWITCH_KUBE_DISCOVERY?.trim().toLowerCase() || 'true';
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(raw))
    throw new KubernetesConfigError(`LIGHTSWITCH_KUBE_DISCOVERY must be true or false, got "${raw}"`);
  const namespaces = (env.LIGHTSWITCH_KUBE_NAMESPACES ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const bad = namespaces.find((n) => !NAMESPACE.test(n) || n.length > 63);
  if (bad !== undefined)
    throw new KubernetesConfigError(`LIGHTSWITCH_KUBE_NAMESPACES: "${bad}" is not a namespace name`);
  const defaultZone = env.LIGHTSWITCH_KUBE_DEFAULT_ZONE?.trim() || undefined;
  if (defaultZone !== undefined && !ZONE.test(defaultZone))
    throw new KubernetesConfigError(`LIGHTSWITCH_KUBE_DEFAULT_ZONE: "${defaultZone}" is not a zone name`);
  const intervalRaw = env.LIGHTSWITCH_KUBE_DISCOVERY_INTERVAL_SECONDS?.trim() || '60';
  const intervalSeconds = Number(intervalRaw);
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 5 || intervalSeconds > 86_400)
    throw new KubernetesConfigError(
      `LIGHTSWITCH_KUBE_DISCOVERY_INTERVAL_SECONDS must be an integer from 5 to 86400, got "${intervalRaw}"`,
    );
  return {
    enabled: ['true', '1', 'yes'].includes(raw),
    selector: env.LIGHTSWITCH_KUBE_SELECTOR?.trim() || DEFAULT_DISCOVERY_SELECTOR,
    namespaces,
    defaultZone,
    intervalSeconds,
  };
}

export interface DiscoveryLog {
  info(msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Runs discovery now and then every interval until stopped; one run at a time. */
export class DiscoveryLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly prisma: PrismaClient,
    private readonly settings: DiscoverySettings,
    private readonly log: DiscoveryLog,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.runNow();
    this.timer = setInterval(() => void this.runNow(), this.settings.intervalSeconds * 1000);
    this.timer.unref();
  }

  runNow(): Promise<void> {
    this.running ??= this.once()
      .catch((err: unknown) =>
        this.log.warn({ err }, 'kubernetes discovery failed; trying again next interval'),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async once(): Promise<void> {
    const { workloads, invalid } = await discoverKubernetesWorkloads(this.kubeConfig, {
      selector: this.settings.selector,
      ...(this.settings.namespaces.length ? { namespaces: this.settings.namespaces } : {}),
      ...(this.settings.defaultZone ? { defaultZone: this.settings.defaultZone } : {}),
    });
    for (const i of invalid) this.log.warn({ object: i.object, problems: i.problems }, 'not a workload');
    const r = await syncDiscoveredWorkloads(this.prisma, workloads);
    for (const s of r.skipped) this.log.warn({ workload: s.name }, `discovery skipped: ${s.reason}`);
    if (r.created.length || r.updated.length)
      this.log.info(
        `kubernetes discovery: created ${r.created.join(', ') || 'none'}; updated ${r.updated.join(', ') || 'none'}`,
      );
  }
}
