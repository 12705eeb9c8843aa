// Energy per run through the platform's model (Cloud Carbon Footprint, as the control plane reports savings):
// the CPU-seconds a run used are busy vCPU-seconds (utilisation 1), its peak RSS is held for its wall time.
import { energyKwh, loadEnergySettings, type EnergyProfile } from '@lightswitch/control-plane/energy';

const JOULES_PER_KWH = 3_600_000;
const MS_PER_HOUR = 3_600_000;
const BYTES_PER_GB = 1e9;

export function energyProfile(): EnergyProfile {
  // LIGHTSWITCH_ENERGY_PROFILE etc. pick the profile, as for the control plane (default: aws).
  return loadEnergySettings(process.env).profile;
}

/** Modelled facility joules for one run; NaN when CPU time or RSS is unknown. */
export function joulesPerRun(
  run: { cpuMs: number; wallMs: number; peakRssKiB: number },
  profile: EnergyProfile,
): number {
  if (![run.cpuMs, run.wallMs, run.peakRssKiB].every(Number.isFinite)) return NaN;
  const kwh = energyKwh(
    {
      vcpuHours: run.cpuMs / MS_PER_HOUR,
      memoryGbHours: ((run.peakRssKiB * 1024) / BYTES_PER_GB) * (run.wallMs / MS_PER_HOUR),
      cpuUtilisation: 1,
    },
    profile,
  );
  return kwh * JOULES_PER_KWH;
}

/** Joules per CPU-second at full utilisation, for the report's explanation of the numbers. */
export function joulesPerCpuSecond(profile: EnergyProfile): number {
  return joulesPerRun({ cpuMs: 1000, wallMs: 0, peakRssKiB: 0 }, profile);
}
