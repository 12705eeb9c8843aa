// The energy model's environment variables: which profile, which prices, on-prem overrides. Parsed here with
// errors that name the variable; the main configuration (src/config) takes the result.
import { ConfigError } from '../config';
import {
  ENERGY_PROFILE_NAMES,
  GRAMS_PER_KG,
  defaultCoefficients,
  type Coefficients,
  type EnergyProfile,
  type EnergyProfileName,
  type Prices,
} from './coefficients';

/** What the model needs at run time: one profile and the prices. */
export interface EnergySettings {
  profile: EnergyProfile;
  prices: Prices;
}

/** The variables, parsed but not yet combined with the coefficient files. Undefined: not set. */
export interface EnergyEnv {
  profile: EnergyProfileName;
  priceVcpuHourUsd?: number;
  priceGbHourUsd?: number;
  onPremMinWattsPerVcpu?: number;
  onPremMaxWattsPerVcpu?: number;
  onPremPue?: number;
  onPremEmbodiedKgCo2e?: number;
  onPremServerVcpus?: number;
}

/** The variables this module reads, for documentation and `--help` output. */
export const ENERGY_ENV_VARIABLES = {
  LIGHTSWITCH_ENERGY_PROFILE: 'aws | gcp | azure | on-prem (default aws): which coefficients the model uses',
  LIGHTSWITCH_PRICE_VCPU_HOUR: 'USD per vCPU-hour (default: AWS Fargate list price, data/energy/prices.json)',
  LIGHTSWITCH_PRICE_GB_HOUR: 'USD per GB-hour of memory (default: AWS Fargate list price)',
  LIGHTSWITCH_ONPREM_MIN_WATTS:
    'on-prem only: watts per vCPU at 0% CPU (default: data/energy/ccf-coefficients.json)',
  LIGHTSWITCH_ONPREM_MAX_WATTS: 'on-prem only: watts per vCPU at 100% CPU (default: data file)',
  LIGHTSWITCH_ONPREM_PUE: 'on-prem only: power usage effectiveness, >= 1 (default: data file)',
  LIGHTSWITCH_ONPREM_EMBODIED_KGCO2E:
    'on-prem only: manufacturing emissions of one server, kg CO2e (default none)',
  LIGHTSWITCH_ONPREM_SERVER_VCPUS:
    'on-prem only: vCPUs (hardware threads) of that server; set with the above',
} as const;

type Env = Record<string, string | undefined>;

const DEFAULT_PROFILE: EnergyProfileName = 'aws';

function num(env: Env, name: string, min: number, max: number, what: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(name, `must be ${what} from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Parses the variables; throws ConfigError naming the variable on a malformed value. */
export function parseEnergyEnv(env: Env = process.env): EnergyEnv {
  const rawProfile = env.LIGHTSWITCH_ENERGY_PROFILE?.trim();
  let profile = DEFAULT_PROFILE;
  if (rawProfile) {
    if (!(ENERGY_PROFILE_NAMES as readonly string[]).includes(rawProfile)) {
      throw new ConfigError(
        'LIGHTSWITCH_ENERGY_PROFILE',
        `must be one of ${ENERGY_PROFILE_NAMES.join(', ')}, got "${rawProfile}"`,
      );
    }
    profile = rawProfile as EnergyProfileName;
  }
  const parsed: EnergyEnv = {
    profile,
    priceVcpuHourUsd: num(env, 'LIGHTSWITCH_PRICE_VCPU_HOUR', 0, 1000, 'a price in USD'),
    priceGbHourUsd: num(env, 'LIGHTSWITCH_PRICE_GB_HOUR', 0, 1000, 'a price in USD'),
    onPremMinWattsPerVcpu: num(env, 'LIGHTSWITCH_ONPREM_MIN_WATTS', 0, 1000, 'watts per vCPU'),
    onPremMaxWattsPerVcpu: num(env, 'LIGHTSWITCH_ONPREM_MAX_WATTS', 0, 1000, 'watts per vCPU'),
    onPremPue: num(env, 'LIGHTSWITCH_ONPREM_PUE', 1, 10, 'a PUE'),
    onPremEmbodiedKgCo2e: num(env, 'LIGHTSWITCH_ONPREM_EMBODIED_KGCO2E', 0, 1_000_000, 'kg CO2e'),
    onPremServerVcpus: num(env, 'LIGHTSWITCH_ONPREM_SERVER_VCPUS', 1, 100_000, 'a vCPU count'),
  };
  if (parsed.onPremServerVcpus !== undefined && !Number.isInteger(parsed.onPremServerVcpus)) {
    throw new ConfigError(
      'LIGHTSWITCH_ONPREM_SERVER_VCPUS',
      `must be a whole number, got "${env.LIGHTSWITCH_ONPREM_SERVER_VCPUS}"`,
    );
  }
  if ((parsed.onPremEmbodiedKgCo2e === undefined) !== (parsed.onPremServerVcpus === undefined)) {
    const missing =
      parsed.onPremEmbodiedKgCo2e === undefined
        ? 'LIGHTSWITCH_ONPREM_EMBODIED_KGCO2E'
        : 'LIGHTSWITCH_ONPREM_SERVER_VCPUS';
    const given =
      missing === 'LIGHTSWITCH_ONPREM_SERVER_VCPUS'
        ? 'LIGHTSWITCH_ONPREM_EMBODIED_KGCO2E'
        : 'LIGHTSWITCH_ONPREM_SERVER_VCPUS';
    throw new ConfigError(missing, `must be set together with ${given} (the embodied share needs both)`);
  }
  return parsed;
}

/**
 * Combines parsed variables with the coefficient files. The LIGHTSWITCH_ONPREM_* overrides apply only to the
 * on-prem profile (a cloud's coefficients are CCF's); they are still checked, so a typo never waits for the
 * day someone switches profile.
 */
export function resolveEnergySettings(
  parsed: EnergyEnv,
  coefficients: Coefficients = defaultCoefficients(),
): EnergySettings {
  const onPremBase = coefficients.profiles['on-prem'];
  const onPrem: EnergyProfile = {
    ...onPremBase,
    minWattsPerVcpu: parsed.onPremMinWattsPerVcpu ?? onPremBase.minWattsPerVcpu,
    maxWattsPerVcpu: parsed.onPremMaxWattsPerVcpu ?? onPremBase.maxWattsPerVcpu,
    pue: parsed.onPremPue ?? onPremBase.pue,
    embodied:
      parsed.onPremEmbodiedKgCo2e !== undefined && parsed.onPremServerVcpus !== undefined
        ? {
            server: 'on-prem server (LIGHTSWITCH_ONPREM_EMBODIED_KGCO2E)',
            vcpus: parsed.onPremServerVcpus,
            embodiedGramsCo2e: parsed.onPremEmbodiedKgCo2e * GRAMS_PER_KG,
            lifespanHours: coefficients.serverLifespanHours,
          }
        : onPremBase.embodied,
  };
  if (onPrem.maxWattsPerVcpu < onPrem.minWattsPerVcpu) {
    const name =
      parsed.onPremMaxWattsPerVcpu !== undefined
        ? 'LIGHTSWITCH_ONPREM_MAX_WATTS'
        : 'LIGHTSWITCH_ONPREM_MIN_WATTS';
    throw new ConfigError(
      name,
      `max watts per vCPU (${onPrem.maxWattsPerVcpu}) must not be below min watts per vCPU (${onPrem.minWattsPerVcpu})`,
    );
  }
  return {
    profile: parsed.profile === 'on-prem' ? onPrem : coefficients.profiles[parsed.profile],
    prices: {
      vcpuHourUsd: parsed.priceVcpuHourUsd ?? coefficients.prices.vcpuHourUsd,
      gbHourUsd: parsed.priceGbHourUsd ?? coefficients.prices.gbHourUsd,
    },
  };
}

/** parseEnergyEnv + resolveEnergySettings: the settings the environment asks for. */
export function loadEnergySettings(
  env: Env = process.env,
  coefficients: Coefficients = defaultCoefficients(),
): EnergySettings {
  return resolveEnergySettings(parseEnergyEnv(env), coefficients);
}
