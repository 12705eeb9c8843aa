// The coefficient data files (services/control-plane/data/energy/*.json), read and checked once, turned into
// energy profiles. Every number the model uses comes from these files, each with its cited source.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ENERGY_PROFILE_NAMES = ['aws', 'gcp', 'azure', 'on-prem'] as const;
export type EnergyProfileName = (typeof ENERGY_PROFILE_NAMES)[number];

/** Where the bundled coefficient files live. */
export const DEFAULT_ENERGY_DATA_DIR = fileURLToPath(new URL('../../data/energy/', import.meta.url));

// Unit conversions (definitions, not coefficients).
export const GRAMS_PER_TONNE = 1_000_000;
export const GRAMS_PER_KG = 1_000;

/** The server a workload's embodied emissions are a share of (CCF: TE x TR/EL x RR/TR). */
export interface EmbodiedServer {
  /** What stands for one whole server, e.g. "m5.metal". */
  server: string;
  /** vCPUs of that whole server (CCF's "total resources"). */
  vcpus: number;
  /** Manufacturing emissions of the whole server (CCF's "total embodied emissions"), in grams CO2e. */
  embodiedGramsCo2e: number;
  /** Expected lifespan over which the embodied emissions are spread (CCF's "EL"). */
  lifespanHours: number;
}

/** Everything the model needs to turn vCPU-hours and GB-hours into energy and carbon, for one kind of site. */
export interface EnergyProfile {
  name: EnergyProfileName;
  /** Watts per vCPU at 0% CPU. */
  minWattsPerVcpu: number;
  /** Watts per vCPU at 100% CPU. */
  maxWattsPerVcpu: number;
  /** Power usage effectiveness: facility energy / IT energy (>= 1). */
  pue: number;
  memoryKwhPerGbHour: number;
  /** CPU utilisation (0..1) assumed when none is known. */
  defaultCpuUtilisation: number;
  /** null: this profile has no embodied emissions (on-prem unless configured). */
  embodied: EmbodiedServer | null;
}

export interface Prices {
  vcpuHourUsd: number;
  gbHourUsd: number;
}

export interface Microarchitecture {
  name: string;
  minWattsPerVcpu: number;
  maxWattsPerVcpu: number;
}

export interface Coefficients {
  profiles: Record<EnergyProfileName, EnergyProfile>;
  /** Server lifespan over which embodied emissions are spread (CCF: 4 years). */
  serverLifespanHours: number;
  /** Default prices, used until LIGHTSWITCH_PRICE_* say otherwise. */
  prices: Prices;
  microarchitectures: {
    cpus: Microarchitecture[];
    outliers: string[];
    usedBy: Record<'aws' | 'gcp' | 'azure', string[]>;
  };
}

/** A data file that is missing, malformed, or has a number without a source. */
export class CoefficientDataError extends Error {
  constructor(file: string, path: string, problem: string) {
    super(`${file}: ${path}: ${problem}`);
    this.name = 'CoefficientDataError';
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Reader {
  constructor(readonly file: string) {}

  fail(path: string, problem: string): never {
    throw new CoefficientDataError(this.file, path, problem);
  }

  object(v: unknown, path: string): Json {
    if (!isObject(v)) this.fail(path, 'must be an object');
    return v;
  }

  array(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, 'must be an array');
    return v;
  }

  string(v: unknown, path: string): string {
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, 'must be a non-empty string');
    return v;
  }

  number(v: unknown, path: string, min = 0, max = Number.POSITIVE_INFINITY): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      this.fail(path, `must be a number from ${min} to ${max}`);
    }
    return v;
  }

  source(v: unknown, path: string): void {
    const s = this.object(v, path);
    const url = this.string(s.url, `${path}.url`);
    if (!/^https?:\/\//.test(url)) this.fail(`${path}.url`, 'must be an http(s) URL');
    this.string(s.locator, `${path}.locator`);
  }

  /** `{ value, unit, source: { url, locator } }`: a coefficient with its citation. */
  sourced(v: unknown, path: string, min = 0, max = Number.POSITIVE_INFINITY): number {
    const o = this.object(v, path);
    this.string(o.unit, `${path}.unit`);
    this.source(o.source, `${path}.source`);
    return this.number(o.value, `${path}.value`, min, max);
  }
}

function readJson(dir: string, name: string): { r: Reader; data: Json } {
  const file = join(dir, name);
  const r = new Reader(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CoefficientDataError(file, '$', `cannot be read (${(error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CoefficientDataError(file, '$', `is not valid JSON (${(error as Error).message})`);
  }
  return { r, data: r.object(data, '$') };
}

function readProfile(
  r: Reader,
  name: EnergyProfileName,
  v: unknown,
  shared: { memoryKwhPerGbHour: number; defaultCpuUtilisation: number; lifespanHours: number },
): EnergyProfile {
  const path = `$.profiles.${name}`;
  const p = r.object(v, path);
  const minWattsPerVcpu = r.sourced(p.minWattsPerVcpu, `${path}.minWattsPerVcpu`);
  const maxWattsPerVcpu = r.sourced(p.maxWattsPerVcpu, `${path}.maxWattsPerVcpu`);
  if (maxWattsPerVcpu < minWattsPerVcpu) r.fail(path, 'maxWattsPerVcpu is below minWattsPerVcpu');
  const pue = r.sourced(p.pue, `${path}.pue`, 1);
  let embodied: EmbodiedServer | null = null;
  if (p.embodiedReferenceServer !== null) {
    const e = r.object(p.embodiedReferenceServer, `${path}.embodiedReferenceServer`);
    const vcpus = r.sourced(e.vcpus, `${path}.embodiedReferenceServer.vcpus`, 1);
    const tonnes = r.sourced(e.embodiedTonnesCo2e, `${path}.embodiedReferenceServer.embodiedTonnesCo2e`);
    embodied = {
      server: r.string(e.server, `${path}.embodiedReferenceServer.server`),
      vcpus,
      embodiedGramsCo2e: tonnes * GRAMS_PER_TONNE,
      lifespanHours: shared.lifespanHours,
    };
  }
  return {
    name,
    minWattsPerVcpu,
    maxWattsPerVcpu,
    pue,
    memoryKwhPerGbHour: shared.memoryKwhPerGbHour,
    defaultCpuUtilisation: shared.defaultCpuUtilisation,
    embodied,
  };
}

/** Reads and checks the coefficient files in `dir` (default: the bundled ones). Throws CoefficientDataError. */
export function loadCoefficients(dir: string = DEFAULT_ENERGY_DATA_DIR): Coefficients {
  const { r, data } = readJson(dir, 'ccf-coefficients.json');
  r.source(r.object(data.method, '$.method').source, '$.method.source');
  const sharedJson = r.object(data.shared, '$.shared');
  const shared = {
    memoryKwhPerGbHour: r.sourced(sharedJson.memoryKwhPerGbHour, '$.shared.memoryKwhPerGbHour'),
    defaultCpuUtilisation:
      r.sourced(sharedJson.defaultCpuUtilisationPercent, '$.shared.defaultCpuUtilisationPercent', 0, 100) /
      100,
    lifespanHours: r.sourced(sharedJson.serverLifespanHours, '$.shared.serverLifespanHours', 1),
  };
  const profilesJson = r.object(data.profiles, '$.profiles');
  const profiles = Object.fromEntries(
    ENERGY_PROFILE_NAMES.map((name) => [name, readProfile(r, name, profilesJson[name], shared)]),
  ) as Record<EnergyProfileName, EnergyProfile>;

  const m = r.object(data.microarchitectures, '$.microarchitectures');
  r.source(m.source, '$.microarchitectures.source');
  const cpus = r.array(m.cpus, '$.microarchitectures.cpus').map((c, i): Microarchitecture => {
    const path = `$.microarchitectures.cpus[${i}]`;
    const o = r.object(c, path);
    return {
      name: r.string(o.name, `${path}.name`),
      minWattsPerVcpu: r.number(o.minWattsPerVcpu, `${path}.minWattsPerVcpu`),
      maxWattsPerVcpu: r.number(o.maxWattsPerVcpu, `${path}.maxWattsPerVcpu`),
    };
  });
  const names = (v: unknown, path: string): string[] =>
    r.array(v, path).map((n, i) => {
      const s = r.string(n, `${path}[${i}]`);
      if (!cpus.some((c) => c.name === s))
        r.fail(`${path}[${i}]`, `"${s}" is not in $.microarchitectures.cpus`);
      return s;
    });
  const usedByJson = r.object(m.usedBy, '$.microarchitectures.usedBy');
  const usedBy = {
    aws: names(usedByJson.aws, '$.microarchitectures.usedBy.aws'),
    gcp: names(usedByJson.gcp, '$.microarchitectures.usedBy.gcp'),
    azure: names(usedByJson.azure, '$.microarchitectures.usedBy.azure'),
  };

  const priceFile = readJson(dir, 'prices.json');
  const def = priceFile.r.object(priceFile.data.default, '$.default');
  const prices: Prices = {
    vcpuHourUsd: priceFile.r.sourced(def.vcpuHourUsd, '$.default.vcpuHourUsd'),
    gbHourUsd: priceFile.r.sourced(def.gbHourUsd, '$.default.gbHourUsd'),
  };

  return {
    profiles,
    serverLifespanHours: shared.lifespanHours,
    prices,
    microarchitectures: { cpus, outliers: names(m.outliers, '$.microarchitectures.outliers'), usedBy },
  };
}

let bundled: Coefficients | undefined;

/** The bundled coefficients, read on first use. */
export function defaultCoefficients(): Coefficients {
  bundled ??= loadCoefficients();
  return bundled;
}
