// The Cloud Carbon Footprint model as pure functions: vCPU-hours and GB-hours in, kWh, gCO2e and USD out.
// No I/O, no clock, no environment: the profile and prices are passed in (see config.ts for where they come from).
import type { EnergyProfile, Prices } from './coefficients';

// Unit conversions (definitions, not coefficients).
export const SECONDS_PER_HOUR = 3600;
export const WATT_HOURS_PER_KWH = 1000;
export const JOULES_PER_KWH = 3_600_000;

function check(name: string, value: number, min = 0, max = Number.POSITIVE_INFINITY): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a finite number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Utilisation to use: the given one (0..1) or the profile's default (CCF: 50%). */
export function cpuUtilisationOrDefault(cpuUtilisation: number | undefined, profile: EnergyProfile): number {
  return cpuUtilisation === undefined
    ? profile.defaultCpuUtilisation
    : check('cpuUtilisation', cpuUtilisation, 0, 1);
}

/** CCF's average watts per vCPU: min W + utilisation x (max W - min W). */
export function averageWattsPerVcpu(profile: EnergyProfile, cpuUtilisation?: number): number {
  const u = cpuUtilisationOrDefault(cpuUtilisation, profile);
  return profile.minWattsPerVcpu + u * (profile.maxWattsPerVcpu - profile.minWattsPerVcpu);
}

export interface ResourceHours {
  /** vCPUs reserved x hours (what a cloud bills and CCF calls "vCPU hours"). */
  vcpuHours: number;
  /** GB of memory reserved x hours. */
  memoryGbHours: number;
}

export interface EnergyInput extends ResourceHours {
  /** Average CPU utilisation over the interval, 0..1; the profile's default (50%) when unknown. */
  cpuUtilisation?: number;
}

export interface EnergyBreakdown {
  /** vCPU-hours x average watts / 1000, before PUE. */
  computeKwh: number;
  /** GB-hours x memory coefficient, before PUE. */
  memoryKwh: number;
  /** computeKwh + memoryKwh: what the servers draw. */
  itKwh: number;
  pue: number;
  /** itKwh x PUE: what the facility draws. */
  energyKwh: number;
}

/** The modelled energy and how it adds up. */
export function energyBreakdownKwh(input: EnergyInput, profile: EnergyProfile): EnergyBreakdown {
  const vcpuHours = check('vcpuHours', input.vcpuHours);
  const memoryGbHours = check('memoryGbHours', input.memoryGbHours);
  const computeKwh = (vcpuHours * averageWattsPerVcpu(profile, input.cpuUtilisation)) / WATT_HOURS_PER_KWH;
  const memoryKwh = memoryGbHours * profile.memoryKwhPerGbHour;
  const itKwh = computeKwh + memoryKwh;
  return { computeKwh, memoryKwh, itKwh, pue: profile.pue, energyKwh: itKwh * profile.pue };
}

/** Modelled facility energy: (vCPU-hours x (min W + u x (max W - min W)) / 1000 + GB-hours x kWh/GB-h) x PUE. */
export function energyKwh(input: EnergyInput, profile: EnergyProfile): number {
  return energyBreakdownKwh(input, profile).energyKwh;
}

/**
 * Measured energy (e.g. a delta of kepler_container_joules_total) as facility energy: joules / 3.6e6 x PUE.
 * Kepler measures what the servers draw, like the model before PUE, so the facility overhead is added the same
 * way for both and the two stay comparable.
 */
export function measuredEnergyKwh(joules: number, profile: EnergyProfile): number {
  return (check('measuredJoules', joules) / JOULES_PER_KWH) * profile.pue;
}

/**
 * CCF's embodied share (GSF SCI: TE x TR/EL x RR/TR): the reference server's manufacturing emissions spread over
 * its lifespan, times the share of its vCPUs reserved. vCPU-hours carry both the time and the share:
 * TE x (hours / EL) x (vCPUs / server vCPUs) = TE x vCPU-hours / (EL x server vCPUs). 0 when the profile has none.
 */
export function embodiedCarbonGrams(vcpuHours: number, profile: EnergyProfile): number {
  check('vcpuHours', vcpuHours);
  const e = profile.embodied;
  if (!e) return 0;
  return (e.embodiedGramsCo2e * vcpuHours) / (e.lifespanHours * e.vcpus);
}

export interface CarbonInput {
  energyKwh: number;
  /** Grid intensity of that interval and zone; undefined or null when unknown. */
  intensityGPerKwh: number | null | undefined;
  /** Embodied share for the same interval (embodiedCarbonGrams). */
  embodiedGrams?: number;
}

/**
 * Operational + embodied carbon: energy x intensity + embodied share. null when the intensity is unknown: the
 * total is then unknown, and is not reported as the embodied part alone (nor as 0).
 */
export function carbonGrams(input: CarbonInput): number | null {
  check('energyKwh', input.energyKwh);
  const embodied = check('embodiedGrams', input.embodiedGrams ?? 0);
  if (input.intensityGPerKwh === undefined || input.intensityGPerKwh === null) return null;
  return input.energyKwh * check('intensityGPerKwh', input.intensityGPerKwh) + embodied;
}

/** Cost of reserved capacity: vCPU-hours x price per vCPU-hour + GB-hours x price per GB-hour. */
export function costUsd(hours: ResourceHours, prices: Prices): number {
  return (
    check('vcpuHours', hours.vcpuHours) * prices.vcpuHourUsd +
    check('memoryGbHours', hours.memoryGbHours) * prices.gbHourUsd
  );
}
