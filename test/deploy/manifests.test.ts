// Checks the deployment files the way their tools read them: kustomize renders both overlays,
// docker-compose and promtool validate their configs, and the Grafana dashboard's PromQL is linted
// against the metrics the control plane actually exports. The tools are required: a missing one fails
// the test (install: Debian packages `prometheus` for promtool and `docker-compose`; kubectl >= 1.27).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Registry, collectDefaultMetrics } from 'prom-client';

const root = new URL('../../', import.meta.url).pathname;
const OVERLAYS = ['monolith', 'microservices'] as const;
const NAMESPACE = 'lightswitch';
/** Kinds without a namespace. */
const CLUSTER_SCOPED = ['Namespace', 'ClusterRole', 'ClusterRoleBinding'];

/** The metrics the control plane registers itself, with their labels (DESIGN.md, metrics/). */
const LIGHTSWITCH_METRICS: Record<string, { type: 'counter' | 'gauge' | 'histogram'; labels: string[] }> = {
  lightswitch_http_request_duration_seconds: {
    type: 'histogram',
    labels: ['method', 'route', 'status_code'],
  },
  lightswitch_workloads: { type: 'gauge', labels: ['kind'] },
  lightswitch_policies: { type: 'gauge', labels: ['type', 'enabled'] },
  lightswitch_auth_failures_total: { type: 'counter', labels: ['reason'] },
  lightswitch_audit_events_total: { type: 'counter', labels: ['action', 'resource'] },
  lightswitch_tick_duration_seconds: { type: 'histogram', labels: [] },
  lightswitch_decisions_total: { type: 'counter', labels: ['workload', 'outcome', 'policy_type'] },
  lightswitch_workload_desired_on: { type: 'gauge', labels: ['workload'] },
  lightswitch_workload_degraded: { type: 'gauge', labels: ['workload'] },
  lightswitch_workload_desired_replicas: { type: 'gauge', labels: ['workload'] },
  lightswitch_grid_intensity_grams_per_kwh: { type: 'gauge', labels: ['zone', 'source', 'kind'] },
  lightswitch_signal_age_seconds: { type: 'gauge', labels: ['zone', 'source'] },
  lightswitch_signal_status: { type: 'gauge', labels: ['zone', 'status'] },
  lightswitch_energy_kwh: { type: 'gauge', labels: ['workload', 'kind'] },
  lightswitch_carbon_grams: { type: 'gauge', labels: ['workload', 'kind'] },
  lightswitch_cost_usd: { type: 'gauge', labels: ['workload', 'kind'] },
  lightswitch_activator_requests_total: { type: 'counter', labels: ['workload', 'path'] },
  lightswitch_activator_cold_starts_total: { type: 'counter', labels: ['workload', 'outcome'] },
  lightswitch_activator_wake_duration_seconds: { type: 'histogram', labels: ['workload'] },
  lightswitch_activator_queue_length: { type: 'gauge', labels: ['workload'] },
  lightswitch_activator_wakes_in_progress: { type: 'gauge', labels: [] },
  lightswitch_activator_demand_flush_failures_total: { type: 'counter', labels: [] },
};
/** Labels Prometheus adds to every series, plus histogram buckets. */
const TARGET_LABELS = ['job', 'instance', 'le'];

type Json = Record<string, unknown>;
// Manifests are untyped YAML; the assertions below are what give them a shape.

type Manifest = any;

function run(cmd: string, args: string[], install: string): { stdout: string; stderr: string } {
  const result = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: 30_000 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') assert.fail(`${cmd} is not installed: ${install}`);
    throw result.error;
  }
  assert.equal(
    result.status,
    0,
    `${cmd} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
  );
  return { stdout: result.stdout, stderr: result.stderr };
}

function kustomize(overlay: string): Manifest[] {
  const { stdout } = run(
    'kubectl',
    ['kustomize', `deploy/k8s/overlays/${overlay}`],
    'kubectl >= 1.27 (kustomize v5) is needed to render deploy/k8s',
  );
  const docs = parseAllDocuments(stdout);
  for (const doc of docs)
    assert.deepEqual(doc.errors, [], `kustomize output of ${overlay} is not valid YAML`);
  return docs.map((doc) => doc.toJS() as Manifest).filter((m) => m !== null);
}

/** Every metric name prom-client's collectDefaultMetrics registers, with histogram series suffixes. */
async function defaultMetricNames(): Promise<Set<string>> {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const names = new Set<string>();
  for (const metric of await register.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    }
  }
  register.clear();
  return names;
}

function lightswitchMetricNames(): Set<string> {
  const names = new Set<string>();
  for (const [name, { type }] of Object.entries(LIGHTSWITCH_METRICS)) {
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const KEYWORDS = new Set([
  ...['by', 'without', 'on', 'ignoring', 'group_left', 'group_right'],
  ...['bool', 'and', 'or', 'unless', 'offset', 'atan2', 'inf', 'nan'],
]);

/** The metric names a PromQL expression selects (function and aggregation names excluded). */
function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(GROUPING, ' ')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(/(^|[^\w:])\d[\w.]*/g, '$1 ');
  const names: string[] = [];
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = stripped.slice(match.index + match[0].length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(match[0].toLowerCase())) continue;
    names.push(match[0]);
  }
  return names;
}

/** The label names used in by/without/on/ignoring clauses of a PromQL expression. */
function promqlGroupingLabels(expr: string): string[] {
  return [...expr.matchAll(GROUPING)].flatMap((m) =>
    (m[2] ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

describe('promqlMetricNames', () => {
  it('finds selectors and skips functions, labels, strings, ranges and variables', () => {
    assert.deepEqual(
      promqlMetricNames(
        'histogram_quantile(0.99, sum by (le, route) (rate(a_bucket{job=~"$job", x="b c"}[$__rate_interval])))' +
          ' / on (job) group_left sum(b_total offset 5m) * 1e3 + c',
      ),
      ['a_bucket', 'b_total', 'c'],
    );
  });
});

describe('kubernetes overlays (kubectl kustomize)', () => {
  for (const overlay of OVERLAYS) {
    describe(overlay, () => {
      let manifests: Manifest[] = [];
      before(() => {
        manifests = kustomize(overlay);
      });

      it('renders the namespace, service account, deployment and service, all in the lightswitch namespace', () => {
        const kinds = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
        for (const expected of [
          `Namespace/${NAMESPACE}`,
          'ServiceAccount/control-plane',
          'Deployment/control-plane',
          'Service/control-plane',
        ]) {
          assert.ok(kinds.includes(expected), `${expected} missing from ${kinds.join(', ')}`);
        }
        for (const m of manifests.filter((m) => !CLUSTER_SCOPED.includes(m.kind))) {
          assert.equal(m.metadata.namespace, NAMESPACE, `${m.kind}/${m.metadata.name} namespace`);
        }
      });

      it('adds no Secret of its own (PostgreSQL credentials are external)', () => {
        for (const m of manifests) assert.notEqual(m.kind, 'Secret', `unexpected Secret/${m.metadata.name}`);
      });

      it('grants the control plane exactly the Kubernetes calls it makes, without wildcards', () => {
        const rules = (kind: string, name: string): Json[] => {
          const role = manifests.find((m) => m.kind === kind && m.metadata.name === name);
          assert.ok(role, `${kind}/${name} is rendered`);
          return role.rules;
        };
        const flat = (rs: Json[]) =>
          rs
            .flatMap((r) =>
              (r.apiGroups as string[]).flatMap((g) =>
                (r.resources as string[]).flatMap((res) =>
                  (r.verbs as string[]).map(
                    (v) => `${g}/${res}:${v}${r.resourceNames ? ` ${r.resourceNames}` : ''}`,
                  ),
                ),
              ),
            )
            .sort();
        const cluster = rules('ClusterRole', 'lightswitch-control-plane');
        const namespaced = rules('Role', 'control-plane-leader-election');
        for (const r of [...cluster, ...namespaced]) {
          for (const field of ['apiGroups', 'resources', 'verbs']) {
            assert.ok(!(r[field] as string[]).includes('*'), `no wildcard in ${field}: ${JSON.stringify(r)}`);
          }
        }
        // The same list as services/control-plane/src/actuators/kubernetes/permissions.ts (checked against the
        // calls the code really makes by test/actuators/kubernetes-rbac.test.ts there).
        assert.deepEqual(flat(cluster), [
          'apps/deployments/scale:update',
          'apps/deployments:get',
          'apps/deployments:list',
          'apps/deployments:patch',
          'apps/statefulsets/scale:update',
          'apps/statefulsets:get',
          'apps/statefulsets:list',
          'apps/statefulsets:patch',
          'autoscaling/horizontalpodautoscalers:list',
          'batch/cronjobs:get',
          'batch/cronjobs:list',
          'batch/cronjobs:patch',
          'keda.sh/scaledobjects:list',
          'keda.sh/scaledobjects:patch',
        ]);
        assert.deepEqual(flat(namespaced), [
          'coordination.k8s.io/leases:create',
          'coordination.k8s.io/leases:get lightswitch-control-plane',
          'coordination.k8s.io/leases:update lightswitch-control-plane',
        ]);
        for (const [kind, name, roleKind, role] of [
          ['ClusterRoleBinding', 'lightswitch-control-plane', 'ClusterRole', 'lightswitch-control-plane'],
          ['RoleBinding', 'control-plane-leader-election', 'Role', 'control-plane-leader-election'],
        ]) {
          const binding = manifests.find((m) => m.kind === kind && m.metadata.name === name);
          assert.ok(binding, `${kind}/${name} is rendered`);
          assert.deepEqual(binding.roleRef, {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: roleKind,
            name: role,
          });
          assert.deepEqual(binding.subjects, [
            { kind: 'ServiceAccount', name: 'control-plane', namespace: NAMESPACE },
          ]);
        }
        const d = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'control-plane');
        assert.equal(
          d.spec.template.spec.serviceAccountName,
          'control-plane',
          'the control plane runs as that account',
        );
        assert.equal(
          d.spec.template.spec.automountServiceAccountToken,
          true,
          'with its token, for in-cluster access',
        );
      });

      it('gives every Deployment probes, resources and a locked-down security context', () => {
        const deployments = manifests.filter((m) => m.kind === 'Deployment');
        assert.ok(deployments.length > 0, 'no Deployment rendered');
        for (const d of deployments) {
          const name = `Deployment/${d.metadata.name}`;
          const pod = d.spec.template.spec;
          const volumes = new Map<string, Json>(pod.volumes?.map((v: Json) => [v.name, v]) ?? []);
          assert.equal(pod.securityContext?.runAsNonRoot, true, `${name}: pod runAsNonRoot`);
          assert.ok(pod.securityContext?.runAsUser > 0, `${name}: pod runAsUser must not be root`);
          assert.equal(pod.securityContext?.seccompProfile?.type, 'RuntimeDefault', `${name}: seccomp`);
          assert.ok(
            manifests.some((m) => m.kind === 'ServiceAccount' && m.metadata.name === pod.serviceAccountName),
            `${name}: serviceAccountName ${pod.serviceAccountName} is not rendered`,
          );
          assert.equal(
            d.spec.selector.matchLabels['app.kubernetes.io/name'],
            d.spec.template.metadata.labels['app.kubernetes.io/name'],
            `${name}: selector matches the pod labels`,
          );
          for (const c of pod.containers) {
            const where = `${name} container ${c.name}`;
            const ports = new Set<string | number>(
              c.ports?.flatMap((p: Json) => [p.name as string, p.containerPort as number]) ?? [],
            );
            assert.equal(c.readinessProbe?.httpGet?.path, '/readyz', `${where}: readiness probe on /readyz`);
            assert.equal(c.livenessProbe?.httpGet?.path, '/healthz', `${where}: liveness probe on /healthz`);
            for (const probe of [c.readinessProbe, c.livenessProbe]) {
              assert.ok(
                ports.has(probe.httpGet.port),
                `${where}: probe port ${probe.httpGet.port} is declared`,
              );
            }
            for (const kind of ['requests', 'limits']) {
              assert.ok(c.resources?.[kind]?.cpu, `${where}: resources.${kind}.cpu`);
              assert.ok(c.resources?.[kind]?.memory, `${where}: resources.${kind}.memory`);
            }
            const sc = c.securityContext ?? {};
            assert.equal(sc.readOnlyRootFilesystem, true, `${where}: readOnlyRootFilesystem`);
            assert.equal(sc.allowPrivilegeEscalation, false, `${where}: allowPrivilegeEscalation`);
            assert.ok(sc.runAsUser === undefined || sc.runAsUser > 0, `${where}: runAsUser must not be root`);
            assert.deepEqual(sc.capabilities?.drop, ['ALL'], `${where}: capabilities drop ALL`);
            for (const mount of c.volumeMounts ?? []) {
              assert.ok(volumes.get(mount.name)?.emptyDir, `${where}: ${mount.mountPath} is an emptyDir`);
            }
            const env = new Map<string, Json>(c.env?.map((e: Json) => [e.name, e]) ?? []);
            const dataDir = env.get('LIGHTSWITCH_DATA_DIR')?.value;
            assert.ok(dataDir, `${where}: LIGHTSWITCH_DATA_DIR is set`);
            assert.ok(
              c.volumeMounts?.some((m: Json) => m.mountPath === dataDir),
              `${where}: the data dir ${dataDir} is a writable volume`,
            );
            assert.ok(
              c.volumeMounts?.some((m: Json) => m.mountPath === '/tmp'),
              `${where}: /tmp is writable`,
            );
            assert.equal(
              env.get('LIGHTSWITCH_HOST')?.value,
              '0.0.0.0',
              `${where}: listens on all interfaces`,
            );
            assert.equal(env.get('LIGHTSWITCH_TOPOLOGY')?.value, overlay, `${where}: topology`);
          }
        }
      });

      it('reads DATABASE_URL from a Secret and exposes metrics through scrape annotations', () => {
        const d = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'control-plane');
        const c = d.spec.template.spec.containers.find((c: Json) => c.name === 'control-plane');
        const db = c.env.find((e: Json) => e.name === 'DATABASE_URL');
        assert.ok(db?.valueFrom?.secretKeyRef?.name, 'DATABASE_URL comes from a secretKeyRef');
        assert.ok(db.valueFrom.secretKeyRef.key, 'DATABASE_URL secretKeyRef has a key');
        const annotations = d.spec.template.metadata.annotations ?? {};
        assert.equal(annotations['prometheus.io/scrape'], 'true');
        assert.equal(annotations['prometheus.io/path'], '/metrics');
        assert.ok(
          c.ports.some((p: Json) => String(p.containerPort) === annotations['prometheus.io/port']),
          'prometheus.io/port is a container port',
        );
        const labels = d.spec.template.metadata.labels;
        assert.equal(labels['lightswitch.dev/topology'], overlay, 'pods carry the topology label');
      });

      it('routes the Service to a named container port of the pods it selects', () => {
        for (const svc of manifests.filter((m) => m.kind === 'Service')) {
          const pods = manifests.filter(
            (m) =>
              m.kind === 'Deployment' &&
              Object.entries(svc.spec.selector).every(([k, v]) => m.spec.template.metadata.labels[k] === v),
          );
          assert.ok(pods.length > 0, `Service/${svc.metadata.name} selects no Deployment`);
          for (const port of svc.spec.ports) {
            for (const d of pods) {
              const names = d.spec.template.spec.containers.flatMap((c: Json) =>
                ((c.ports as Json[]) ?? []).flatMap((p) => [p.name, p.containerPort]),
              );
              assert.ok(names.includes(port.targetPort), `Service port ${port.name} -> ${port.targetPort}`);
            }
          }
        }
      });
    });
  }
});

describe('docker-compose.yml', () => {
  it('passes docker-compose config -q', () => {
    run('docker-compose', ['config', '-q'], 'apt-get install docker-compose');
  });

  it('builds the control plane from its Dockerfile against the postgres service', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
    const services = compose.services;
    for (const name of ['postgres', 'control-plane', 'prometheus', 'grafana']) {
      assert.ok(services[name], `service ${name}`);
    }
    assert.match(services.postgres.image, /^postgres:16(\b|$)/);
    const cp = services['control-plane'];
    assert.ok(
      existsSync(join(root, cp.build.context, cp.build.dockerfile)),
      'control-plane Dockerfile exists',
    );
    assert.match(cp.environment.DATABASE_URL, /^postgres(ql)?:\/\/[^@]+@postgres:5432\//);
    assert.equal(cp.environment.LIGHTSWITCH_HOST, '0.0.0.0');
    assert.equal(cp.depends_on.postgres.condition, 'service_healthy');
    for (const volume of [...services.prometheus.volumes, ...services.grafana.volumes]) {
      const source = String(volume).split(':')[0] ?? '';
      if (source.startsWith('./')) assert.ok(existsSync(join(root, source)), `bind mount ${source} exists`);
    }
  });
});

describe('Dockerfiles', () => {
  for (const file of ['control-plane.Dockerfile', 'service.Dockerfile']) {
    it(`${file}: node:20-bookworm-slim, non-root, healthcheck, copies only paths that exist`, () => {
      const text = readFileSync(join(root, 'deploy/docker', file), 'utf8');
      const from = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
      assert.ok(from.length > 0 && from.every((image) => image === 'node:20-bookworm-slim'), `FROM ${from}`);
      const users = [...text.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1] ?? '');
      assert.ok(users.length > 0 && !/^(root|0)(:|$)/.test(users.at(-1) ?? ''), 'the final USER is not root');
      assert.match(text, /^HEALTHCHECK[\s\S]*\/healthz/m);
      assert.match(text, /^RUN npm ci\b/m);
      for (const m of text.matchAll(/^COPY\s+(?!--from)(.+)$/gm)) {
        const parts = (m[1] ?? '').split(/\s+/).filter((p) => !p.startsWith('--'));
        for (const source of parts.slice(0, -1)) {
          if (!source.includes('$')) assert.ok(existsSync(join(root, source)), `${file}: COPY ${source}`);
        }
      }
    });
  }
});

describe('prometheus', () => {
  it('passes promtool check config (with its rule files)', () => {
    const { stdout } = run(
      'promtool',
      ['check', 'config', 'deploy/prometheus/prometheus.yml'],
      'apt-get install prometheus (it provides promtool)',
    );
    assert.match(stdout, /rule files found/, 'the recording rules are loaded');
  });

  it('scrapes the control plane and records only metrics that exist', async () => {
    const config = parse(readFileSync(join(root, 'deploy/prometheus/prometheus.yml'), 'utf8'));
    const targets = config.scrape_configs.flatMap((s: Json) =>
      ((s.static_configs as Json[]) ?? []).flatMap((c) => c.targets as string[]),
    );
    assert.ok(targets.includes('control-plane:8080'), `targets: ${targets.join(', ')}`);
    const known = new Set([...lightswitchMetricNames(), ...(await defaultMetricNames())]);
    const rules = parse(readFileSync(join(root, 'deploy/prometheus/rules/lightswitch.rules.yml'), 'utf8'));
    for (const group of rules.groups) {
      for (const rule of group.rules) {
        for (const name of promqlMetricNames(rule.expr)) {
          assert.ok(known.has(name), `rule ${rule.record}: unknown metric ${name}`);
        }
      }
    }
  });
});

const DASHBOARDS = readdirSync(join(root, 'dashboards')).filter((f) => f.endsWith('.json'));
/** Metrics some panel of some dashboard shows; filled by each dashboard's PromQL check. */
const SHOWN = new Set<string>();

it('there are dashboards to check', () => assert.ok(DASHBOARDS.length >= 2, DASHBOARDS.join(', ')));

for (const file of DASHBOARDS)
  describe(`grafana ${file}`, () => {
    const dashboard = JSON.parse(readFileSync(join(root, 'dashboards', file), 'utf8'));
    const panels: Manifest[] = dashboard.panels.flatMap((p: Manifest) => [p, ...(p.panels ?? [])]);
    const dataPanels = panels.filter((p) => p.type !== 'row');

    it('is a provisionable dashboard with a prometheus datasource variable', () => {
      assert.equal(typeof dashboard.uid, 'string');
      assert.ok(dashboard.schemaVersion >= 36 && dashboard.schemaVersion <= 41, 'schemaVersion');
      const variables = dashboard.templating.list;
      const ds = variables.find((v: Json) => v.type === 'datasource');
      assert.equal(ds?.name, 'datasource');
      assert.equal(ds?.query, 'prometheus');
      const ids = panels.map((p) => p.id);
      assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
      const provisioned = parse(
        readFileSync(join(root, 'dashboards/provisioning/datasources/prometheus.yml'), 'utf8'),
      );
      assert.equal(provisioned.datasources[0].type, 'prometheus');
      assert.equal(
        ds?.current?.value,
        provisioned.datasources[0].uid,
        'default datasource is the provisioned one',
      );
      const providers = parse(
        readFileSync(join(root, 'dashboards/provisioning/dashboards/lightswitch.yml'), 'utf8'),
      );
      const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
      const mounts: string[] = compose.services.grafana.volumes.map(String);
      assert.ok(
        mounts.some(
          (m) => m.startsWith('./dashboards:') && m.split(':')[1] === providers.providers[0].options.path,
        ),
        'the provider path is where docker-compose mounts dashboards/',
      );
    });

    it('uses the datasource variable on every panel and target', () => {
      assert.ok(dataPanels.length >= 8, 'panels');
      for (const p of dataPanels) {
        assert.equal(p.datasource?.uid, '${datasource}', `panel "${p.title}" datasource`);
        assert.ok(p.targets?.length > 0, `panel "${p.title}" has targets`);
        for (const t of p.targets) {
          assert.equal(t.datasource?.uid, '${datasource}', `panel "${p.title}" target ${t.refId} datasource`);
          assert.ok(
            typeof t.expr === 'string' && t.expr.length > 0,
            `panel "${p.title}" target ${t.refId} expr`,
          );
        }
      }
      for (const v of dashboard.templating.list.filter((v: Json) => v.type === 'query')) {
        assert.equal(v.datasource?.uid, '${datasource}', `variable ${v.name} datasource`);
      }
    });

    it('queries only metrics and labels that the control plane exports', async () => {
      const known = new Set([...lightswitchMetricNames(), ...(await defaultMetricNames())]);
      const knownLabels = new Set([
        ...TARGET_LABELS,
        ...Object.values(LIGHTSWITCH_METRICS).flatMap((m) => m.labels),
      ]);
      const used = SHOWN;
      for (const p of dataPanels) {
        for (const t of p.targets) {
          const names = promqlMetricNames(t.expr);
          assert.ok(names.length > 0, `panel "${p.title}" target ${t.refId} selects no metric`);
          for (const name of names) {
            assert.ok(known.has(name), `panel "${p.title}": unknown metric ${name} in ${t.expr}`);
            used.add(name.replace(/_(bucket|sum|count)$/, ''));
          }
          for (const label of promqlGroupingLabels(t.expr)) {
            assert.ok(knownLabels.has(label), `panel "${p.title}": unknown label ${label} in ${t.expr}`);
          }
        }
      }
    });
  });

describe('grafana, all dashboards together', () => {
  it('show every metric the control plane exports, and its process health', () => {
    for (const name of [
      ...Object.keys(LIGHTSWITCH_METRICS),
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      assert.ok(SHOWN.has(name), `no panel of any dashboard shows ${name}`);
    }
  });
});
