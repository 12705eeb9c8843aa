// Builds the configured providers and the signal service from a SignalsConfig (see config.ts).
import type { PrismaClient } from '../db';
import { BundledProvider, type BundledDataset } from './bundled';
import type { SignalsConfig } from './config';
import { CarbonAwareSdkProvider } from './providers/carbon-aware-sdk';
import { ElectricityMapsProvider } from './providers/electricity-maps';
import { UkCarbonIntensityProvider } from './providers/uk-carbon-intensity';
import { WattTimeProvider } from './providers/watttime';
import { SignalService, type SignalServiceOptions } from './service';
import type { CarbonProvider } from './types';

/** Every provider the sources name (and only those), configured from `config`. */
export function createProviders(
  config: SignalsConfig,
  options: { dataset?: BundledDataset } = {},
): CarbonProvider[] {
  const used = new Set(Object.values(config.sources).flat());
  const http = { timeoutMs: config.timeoutMs };
  const out: CarbonProvider[] = [];
  for (const name of used) {
    switch (name) {
      case 'bundled':
        out.push(new BundledProvider({ mode: config.bundledMode, dataset: options.dataset }));
        break;
      case 'uk-carbon-intensity':
        out.push(new UkCarbonIntensityProvider({ ...http, baseUrl: config.ukCarbonIntensity.baseUrl }));
        break;
      case 'electricity-maps':
        out.push(new ElectricityMapsProvider({ ...http, ...config.electricityMaps! }));
        break;
      case 'watttime':
        out.push(new WattTimeProvider({ ...http, ...config.wattTime! }));
        break;
      case 'carbon-aware-sdk':
        out.push(new CarbonAwareSdkProvider({ ...http, ...config.carbonAwareSdk! }));
        break;
    }
  }
  return out;
}

/** The signal service for a configuration: its providers, fallback chains, age limits and refresh intervals. */
export function createSignalService(
  prisma: PrismaClient,
  config: SignalsConfig,
  options: Partial<Omit<SignalServiceOptions, 'prisma' | 'sources'>> & { dataset?: BundledDataset } = {},
): SignalService {
  const { dataset, ...rest } = options;
  return new SignalService({
    maxAgeSeconds: config.maxAgeSeconds,
    forecastMaxAgeSeconds: config.forecastMaxAgeSeconds,
    refreshIntervalSeconds: config.refreshIntervalSeconds,
    ...rest,
    prisma,
    sources: config.sources,
    providers: rest.providers ?? createProviders(config, { dataset }),
  });
}
