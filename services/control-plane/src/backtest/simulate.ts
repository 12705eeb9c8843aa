import type { BundledDataset, CarbonSeries } from '../signals';
import type { CarbonSignal, DemandSignal } from '../signals/types';
import { runningReplicas, usageForInterval, type EnergySettings } from '../energy';
import { compilePolicies, decide } from '../policy';
import type { CompiledPolicies } from '../policy';
import type { DecidePolicy, DecideWorkload, PowerStateName } from '../policy/types';
import type { CarbonWindowSpec, PolicyTypeName } from '../policy/spec-schemas';
import type { Static } from '@sinclair/typebox';
import { matches } from '../labels/selector';
import {
  forecastAt,
  forecastPoints,
  forecastValues,
  type ForecastMode,
  type ForecastPoints,
} from './forecast';
import { optimumPlacement, runAtSubmission } from './job-baselines';
import type { Scenario } from './scenario';

export interface Amounts {
  energyKwh: number;
  /** Only over intervals whose intensity is known. */
  carbonGrams: number;
  costUsd: number;
}

export interface JobResult {
  policy: string;
  durationMinutes: number;
  earliestStart: string;
  deadline: string;
  startedAt: string | null;
  finishedAt: string | null;
  deadlineMet: boolean;
  interruptions: number;
  carbonGrams: number;
  runAtSubmission: { startedAt: string; carbonGrams: number };
  optimum: { carbonGrams: number } | null;
}

export interface WorkloadResult {
  name: string;
  /** Identical workloads this row stands for (a scenario entry's count). */
  count: number;
  zone: string;
  onHours: number;
  offHours: number;
  /** Hours on with fewer than replicasOn replicas. */
  scaledHours: number;
  decisions: number;
  /** Per workload (multiply by count for the entry). */
  used: Amounts;
  avoided: Amounts;
  /** Always on at replicasOn. */
  baseline: Amounts;
  unknownIntensityHours: number;
  job?: JobResult;
  /** Run-length on/off history, for charts. */
  timeline: { from: string; to: string; state: PowerStateName; replicas: number }[];
  /** The first decisions with their reasons. */
  log: { at: string; state: PowerStateName; replicas: number; reason: string }[];
}

export interface SimulationResult {
  scenario: {
    name: string | null;
    zone: string;
    from: string;
    to: string;
    stepMinutes: number;
    forecast: ForecastMode;
  };
  intervals: number;
  workloads: WorkloadResult[];
  total: { workloads: number; used: Amounts; avoided: Amounts; baseline: Amounts; savedPercent: Amounts };
  /** Intensity per interval of the scenario's default zone (for the chart). */
  intensity: { startMs: number; stepMs: number; values: number[] };
  attribution: string;
  durationMs: number;
}

export interface SimulationOptions {
  dataset: BundledDataset;
  energy: EnergySettings;
  onProgress?: (done: number, total: number) => void;
}

const LOG_LIMIT = 200;
const zero = (): Amounts => ({ energyKwh: 0, carbonGrams: 0, costUsd: 0 });
const NO_DEMAND: DemandSignal = { status: 'missing', samples: [] };

interface Member {
  name: string;
  count: number;
}

/** Scenario workloads that decide() cannot tell apart follow the same trajectory: it is pure. */
interface WorkloadClass {
  key: string;
  members: Member[];
  workload: DecideWorkload;
  vcpu: number;
  memoryGb: number;
  series: CarbonSeries;
  forecast: ForecastPoints | null;
  job?: {
    policy: DecidePolicy;
    spec: Static<typeof CarbonWindowSpec>;
  };
  jobState: {
    ranMinutes: number;
    interruptions: number;
    finished: boolean;
    startedAt?: number;
    finishedAt?: number;
  };
  result: Omit<WorkloadResult, 'name' | 'count'>;
  runStart: number;
  /** The energy model's figures for one hour at each replica count seen, reused for every interval. */
  rates: Map<number, HourlyUsage>;
}

interface Rate {
  energyKwh: number;
  costUsd: number;
  carbonAt(intensityGPerKwh: number): number;
}

interface HourlyUsage {
  used: Rate;
  avoided: Rate;
}

/**
 * One hour of a class at `replicas`, from the energy model itself. Energy, embodied carbon and cost are all
 * proportional to time, and carbon is energy x intensity + embodied, so an interval of h hours at intensity I
 * is these figures scaled — without re-running the model 17,520 times a year per class.
 */
function hourlyUsage(c: WorkloadClass, replicas: number, energy: EnergySettings): HourlyUsage {
  let rate = c.rates.get(replicas);
  if (rate) return rate;
  const hour = usageForInterval(
    {
      workload: {
        id: c.key,
        zone: c.workload.zone,
        vcpu: c.vcpu,
        memoryGb: c.memoryGb,
        replicasOn: c.workload.replicasOn,
      },
      state: replicas > 0 ? 'on' : 'off',
      replicas,
      intervalStart: new Date(0),
      intervalEnd: new Date(3600_000),
      intensityGPerKwh: 0,
    },
    energy,
  );
  const of = (energyKwh: number, embodiedGrams: number, costUsd: number): Rate => ({
    energyKwh,
    costUsd,
    carbonAt: (intensity) => energyKwh * intensity + embodiedGrams,
  });
  rate = {
    used: of(hour.energyKwh, hour.carbonGrams ?? 0, hour.costUsd),
    avoided: of(hour.avoidedEnergyKwh, hour.avoidedCarbonGrams ?? 0, hour.avoidedCostUsd),
  };
  c.rates.set(replicas, rate);
  return rate;
}

function classesOf(scenario: Scenario, policies: CompiledPolicies, dataset: BundledDataset, fromMs: number) {
  const classes = new Map<string, WorkloadClass>();
  const forecasts = new Map<string, ForecastPoints | null>();
  for (const w of scenario.workloads) {
    const zone = w.zone ?? scenario.zone;
    const labels = w.labels ?? {};
    const replicasOn = w.replicasOn ?? 1;
    const replicasOff = w.replicasOff ?? 0;
    const vcpu = w.vcpu ?? 1;
    const memoryGb = w.memoryGb ?? 1;
    // decide() reads labels only through selectors: workloads selected by the same policies, with the same
    // zone and sizes, have the same trajectory whatever their other labels.
    const selectedBy = policies.policies.flatMap((p, i) => (matches(p.selector, labels) ? [i] : []));
    const key = JSON.stringify([zone, selectedBy, replicasOn, replicasOff, vcpu, memoryGb]);
    const existing = classes.get(key);
    if (existing) {
      existing.members.push({ name: w.name, count: w.count ?? 1 });
      continue;
    }
    const series = dataset.series(zone);
    if (!forecasts.has(zone))
      forecasts.set(zone, forecastPoints(series, forecastValues(series, scenario).values));
    const jobPolicy = policies.policies.find(
      (p) => p.ref.type === 'carbon-window' && matches(p.selector, labels),
    );
    classes.set(key, {
      key,
      members: [{ name: w.name, count: w.count ?? 1 }],
      workload: {
        id: key,
        name: w.name,
        labels,
        zone,
        replicasOn,
        replicasOff,
        createdAt: new Date(fromMs),
        state: { current: 'on', replicas: replicasOn, since: new Date(fromMs) },
      },
      vcpu,
      memoryGb,
      series,
      forecast: forecasts.get(zone) ?? null,
      job: jobPolicy
        ? {
            policy: jobPolicy.policy,
            spec: jobPolicy.policy.spec as Static<typeof CarbonWindowSpec>,
          }
        : undefined,
      jobState: { ranMinutes: 0, interruptions: 0, finished: false },
      result: {
        zone,
        onHours: 0,
        offHours: 0,
        scaledHours: 0,
        decisions: 0,
        used: zero(),
        avoided: zero(),
        baseline: zero(),
        unknownIntensityHours: 0,
        timeline: [],
        log: [],
      },
      runStart: fromMs,
      rates: new Map(),
    });
  }
  return [...classes.values()];
}

function add(into: Amounts, energyKwh: number, carbonGrams: number | null, costUsd: number) {
  into.energyKwh += energyKwh;
  if (carbonGrams !== null) into.carbonGrams += carbonGrams;
  into.costUsd += costUsd;
}

function carbonSignalAt(
  series: CarbonSeries,
  forecast: ForecastPoints | null,
  i: number,
  ms: number,
): CarbonSignal {
  const value = series.actual[i]!;
  const points = forecastAt(series, forecast, i);
  return {
    zone: series.zone,
    status: Number.isNaN(value) ? 'missing' : 'fresh',
    source: 'bundled',
    ...(Number.isNaN(value)
      ? {}
      : { current: { time: new Date(ms), intensityGPerKwh: value, ageSeconds: 0 } }),
    forecastStatus: points.length ? 'fresh' : 'missing',
    forecast: points,
    ...(points.length ? { forecastIssuedAt: new Date(ms) } : {}),
  };
}

/**
 * Replays a scenario interval by interval over the bundled grid history: decide() for every workload class,
 * the energy model for what ran and what was avoided, and, for carbon-window jobs, where the job would have
 * run at submission and at the perfect-hindsight optimum.
 */
export function simulate(scenario: Scenario, options: SimulationOptions): SimulationResult {
  const started = performance.now();
  const fromMs = Date.parse(scenario.from);
  const toMs = Date.parse(scenario.to);
  const main = options.dataset.series(scenario.zone);
  const stepMs = main.stepMs;
  const policies = compilePolicies(
    scenario.policies.map((p, i) => ({
      id: `policy-${i}`,
      name: p.name,
      type: p.type as PolicyTypeName,
      spec: p.spec,
      selector: p.selector ?? '',
      priority: p.priority ?? 0,
      enabled: p.enabled ?? true,
      dryRun: false,
    })),
  );
  const classes = classesOf(scenario, policies, options.dataset, fromMs);
  const steps = Math.ceil((toMs - fromMs) / stepMs);
  const progressEvery = Math.max(1, Math.floor(steps / 100));
  const signalCache = new Map<string, CarbonSignal>();

  for (let step = 0; step < steps; step++) {
    const ms = fromMs + step * stepMs;
    const end = Math.min(toMs, ms + stepMs);
    const hours = (end - ms) / 3600_000;
    const now = new Date(ms);
    signalCache.clear();
    for (const c of classes) {
      const i = Math.floor((ms - c.series.startMs) / c.series.stepMs);
      const cacheKey = c.series.zone;
      let carbon = signalCache.get(cacheKey);
      if (!carbon) {
        carbon = carbonSignalAt(c.series, c.forecast, i, ms);
        signalCache.set(cacheKey, carbon);
      }
      const w = c.workload;
      if (c.job) w.job = { ...c.jobState };
      const outcome = decide(w, policies, [], { carbon, demand: NO_DEMAND }, now);
      const r = c.result;
      if (outcome.desired !== w.state.current || outcome.replicas !== w.state.replicas) {
        if (ms > c.runStart)
          r.timeline.push({
            from: new Date(c.runStart).toISOString(),
            to: now.toISOString(),
            state: w.state.current,
            replicas: w.state.replicas,
          });
        c.runStart = ms;
        if (c.job && c.jobState.startedAt !== undefined && !c.jobState.finished && outcome.desired === 'off')
          c.jobState.interruptions++;
        w.state = { current: outcome.desired, replicas: outcome.replicas, since: now };
        r.decisions++;
        if (r.log.length < LOG_LIMIT)
          r.log.push({
            at: now.toISOString(),
            state: outcome.desired,
            replicas: outcome.replicas,
            reason: outcome.reason,
          });
      }
      const replicas = runningReplicas(outcome.desired, outcome.replicas, w.replicasOff);
      const intensity = c.series.actual[i]!;
      const rate = hourlyUsage(c, replicas, options.energy);
      const known = !Number.isNaN(intensity);
      add(
        r.used,
        rate.used.energyKwh * hours,
        known ? rate.used.carbonAt(intensity) * hours : null,
        rate.used.costUsd * hours,
      );
      add(
        r.avoided,
        rate.avoided.energyKwh * hours,
        known ? rate.avoided.carbonAt(intensity) * hours : null,
        rate.avoided.costUsd * hours,
      );
      if (Number.isNaN(intensity)) r.unknownIntensityHours += hours;
      if (outcome.desired === 'off' || replicas === 0) r.offHours += hours;
      else {
        r.onHours += hours;
        if (replicas < w.replicasOn) r.scaledHours += hours;
      }
      if (c.job && !c.jobState.finished && replicas > 0) {
        c.jobState.startedAt ??= ms;
        c.jobState.ranMinutes += (end - ms) / 60_000;
        if (c.jobState.ranMinutes >= c.job.spec.durationMinutes) {
          c.jobState.finished = true;
          c.jobState.finishedAt = end;
        }
      }
    }
    if (options.onProgress && (step % progressEvery === 0 || step === steps - 1))
      options.onProgress(step + 1, steps);
  }

  const results: WorkloadResult[] = [];
  const total = { workloads: 0, used: zero(), avoided: zero(), baseline: zero() };
  for (const c of classes) {
    const r = c.result;
    if (toMs > c.runStart)
      r.timeline.push({
        from: new Date(c.runStart).toISOString(),
        to: new Date(toMs).toISOString(),
        state: c.workload.state.current,
        replicas: c.workload.state.replicas,
      });
    r.baseline = {
      energyKwh: r.used.energyKwh + r.avoided.energyKwh,
      carbonGrams: r.used.carbonGrams + r.avoided.carbonGrams,
      costUsd: r.used.costUsd + r.avoided.costUsd,
    };
    const job = c.job ? jobResult(c, options, fromMs, toMs) : undefined;
    for (const m of c.members) {
      results.push({ name: m.name, count: m.count, ...r, ...(job ? { job } : {}) });
      total.workloads += m.count;
      for (const k of ['used', 'avoided', 'baseline'] as const) {
        add(total[k], r[k].energyKwh * m.count, r[k].carbonGrams * m.count, r[k].costUsd * m.count);
      }
    }
  }
  const pct = (k: keyof Amounts) =>
    total.baseline[k] > 0 ? (total.avoided[k] / total.baseline[k]) * 100 : 0;
  const startIndex = Math.max(0, Math.floor((fromMs - main.startMs) / stepMs));
  return {
    scenario: {
      name: scenario.name ?? null,
      zone: scenario.zone,
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      stepMinutes: stepMs / 60_000,
      forecast: forecastValues(main, scenario).mode,
    },
    intervals: steps,
    workloads: results.sort((a, b) => (a.name < b.name ? -1 : 1)),
    total: {
      ...total,
      savedPercent: { energyKwh: pct('energyKwh'), carbonGrams: pct('carbonGrams'), costUsd: pct('costUsd') },
    },
    intensity: {
      startMs: fromMs,
      stepMs,
      values: Array.from(main.actual.subarray(startIndex, startIndex + steps), (v) =>
        Number.isNaN(v) ? -1 : v,
      ),
    },
    attribution: main.attribution,
    durationMs: performance.now() - started,
  };
}

/** The job's own carbon against running at submission and the perfect-hindsight optimum. */
function jobResult(c: WorkloadClass, options: SimulationOptions, fromMs: number, toMs: number): JobResult {
  const spec = c.job!.spec;
  const s = c.series;
  const earliest = Math.max(fromMs, spec.earliestStart ? Date.parse(spec.earliestStart) : fromMs);
  const deadline = Date.parse(spec.deadline);
  // Carbon of running replicasOn replicas for one whole interval, per interval of the series.
  const costs = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const intensity = s.actual[i]!;
    if (Number.isNaN(intensity)) {
      costs[i] = NaN;
      continue;
    }
    const at = s.startMs + i * s.stepMs;
    costs[i] = usageForInterval(
      {
        workload: {
          id: c.key,
          zone: s.zone,
          vcpu: c.vcpu,
          memoryGb: c.memoryGb,
          replicasOn: c.workload.replicasOn,
        },
        state: 'on',
        replicas: c.workload.replicasOn,
        intervalStart: new Date(at),
        intervalEnd: new Date(at + s.stepMs),
        intensityGPerKwh: intensity,
      },
      options.energy,
    ).carbonGrams!;
  }
  const needed = Math.ceil((spec.durationMinutes * 60_000) / s.stepMs);
  const startIndex = Math.max(0, Math.ceil((earliest - s.startMs) / s.stepMs));
  const endIndex = Math.min(s.length, Math.floor((Math.min(deadline, toMs) - s.startMs) / s.stepMs));
  const atSubmission = runAtSubmission(costs, startIndex, needed);
  const optimum = optimumPlacement(costs, startIndex, endIndex, needed, (spec.maxInterruptions ?? 0) + 1);
  const st = c.jobState;
  return {
    policy: c.job!.policy.name,
    durationMinutes: spec.durationMinutes,
    earliestStart: new Date(earliest).toISOString(),
    deadline: new Date(deadline).toISOString(),
    startedAt: st.startedAt === undefined ? null : new Date(st.startedAt).toISOString(),
    finishedAt: st.finishedAt === undefined ? null : new Date(st.finishedAt).toISOString(),
    deadlineMet: st.finishedAt !== undefined && st.finishedAt <= deadline,
    interruptions: st.interruptions,
    carbonGrams: c.result.used.carbonGrams,
    runAtSubmission: {
      startedAt: new Date(s.startMs + startIndex * s.stepMs).toISOString(),
      carbonGrams: atSubmission.cost,
    },
    optimum: optimum ? { carbonGrams: optimum.cost } : null,
  };
}
