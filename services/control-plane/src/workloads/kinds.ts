import { Type } from '@sinclair/typebox';

export const WORKLOAD_KINDS = [
  'k8s-deployment',
  'k8s-statefulset',
  'k8s-cronjob',
  'process',
  'webhook',
] as const;
export type WorkloadKindName = (typeof WORKLOAD_KINDS)[number];

const DnsLabel = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' });
const DnsSubdomain = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
});

/** Where the activator (wake on request) forwards a workload's requests; absent: not behind the activator. */
const Upstream = Type.Optional(
  Type.String({
    format: 'uri',
    pattern: '^https?://',
    maxLength: 2048,
    description: 'base URL the activator forwards requests to (wake on request)',
  }),
);

const KubernetesTarget = Type.Object(
  {
    namespace: DnsLabel,
    name: DnsSubdomain,
    context: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: 'kubeconfig context' })),
    upstream: Upstream,
  },
  { additionalProperties: false },
);

const HealthCheck = Type.Union([
  Type.Object(
    {
      http: Type.String({ format: 'uri', pattern: '^https?://' }),
      timeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      tcp: Type.Integer({ minimum: 1, maximum: 65535 }),
      timeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
    },
    { additionalProperties: false },
  ),
]);

const ProcessTarget = Type.Object(
  {
    command: Type.String({ minLength: 1, maxLength: 4096 }),
    args: Type.Optional(Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 256 })),
    cwd: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    env: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.String())),
    healthCheck: Type.Optional(HealthCheck),
    stopGraceSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
    upstream: Upstream,
  },
  { additionalProperties: false },
);

const WebhookTarget = Type.Object(
  {
    url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 }),
    secretEnv: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
        description: 'environment variable holding the HMAC secret',
      }),
    ),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 120000 })),
    upstream: Upstream,
  },
  { additionalProperties: false },
);

/** The shape of `target` for each workload kind. */
export const TARGET_SCHEMAS: Record<WorkloadKindName, object> = {
  'k8s-deployment': KubernetesTarget,
  'k8s-statefulset': KubernetesTarget,
  'k8s-cronjob': KubernetesTarget,
  process: ProcessTarget,
  webhook: WebhookTarget,
};

export const EnergySource = Type.Object(
  {
    type: Type.Literal('kepler'),
    query: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4096, description: 'PromQL returning joules' }),
    ),
  },
  { additionalProperties: false },
);
