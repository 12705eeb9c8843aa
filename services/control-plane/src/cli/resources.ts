import { age, formatLabels, relative, text, type Column } from './format';

export type Item = Record<string, unknown>;

/** A named, versioned API resource the CLI lists, gets, applies and deletes. */
export interface ResourceType {
  /** Used in output: `workload/<name> created`. */
  singular: string;
  plural: string;
  /** Collection path under /api/v1. */
  path: string;
  columns: Column<Item>[];
}

export const workloads: ResourceType = {
  singular: 'workload',
  plural: 'workloads',
  path: '/workloads',
  columns: [
    { header: 'NAME', value: (w) => text(w.name) },
    { header: 'KIND', value: (w) => text(w.kind) },
    { header: 'ZONE', value: (w) => text(w.zone) },
    { header: 'ON/OFF', value: (w) => `${text(w.replicasOn, '-')}/${text(w.replicasOff, '-')}` },
    { header: 'LABELS', value: (w) => formatLabels(w.labels) },
    { header: 'AGE', value: (w, now) => age(w.createdAt, now) },
  ],
};

export const policies: ResourceType = {
  singular: 'policy',
  plural: 'policies',
  path: '/policies',
  columns: [
    { header: 'NAME', value: (p) => text(p.name) },
    { header: 'TYPE', value: (p) => text(p.type) },
    // An empty selector selects every workload.
    { header: 'SELECTOR', value: (p) => text(p.selector, '<all>') },
    { header: 'PRIORITY', value: (p) => text(p.priority, '0') },
    { header: 'ENABLED', value: (p) => text(p.enabled, '-') },
    { header: 'DRY-RUN', value: (p) => text(p.dryRun, '-') },
    { header: 'AGE', value: (p, now) => age(p.createdAt, now) },
  ],
};

export const TOKEN_ROLES = ['viewer', 'operator', 'admin'] as const;

export function tokenStatus(t: Item, now: Date): string {
  if (t.revokedAt) return 'revoked';
  if (typeof t.expiresAt === 'string' && Date.parse(t.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

export const tokenColumns: Column<Item>[] = [
  { header: 'NAME', value: (t) => text(t.name) },
  { header: 'ROLE', value: (t) => text(t.role) },
  { header: 'PREFIX', value: (t) => text(t.prefix, '-') },
  { header: 'STATUS', value: tokenStatus },
  { header: 'CREATED-BY', value: (t) => text(t.createdBy, '-') },
  { header: 'AGE', value: (t, now) => age(t.createdAt, now) },
  { header: 'LAST-USED', value: (t, now) => relative(t.lastUsedAt, now) },
  { header: 'EXPIRES', value: (t, now) => relative(t.expiresAt, now) },
];
