// Signals in: grid carbon intensity (bundled dataset and HTTP providers behind one interface, a per-zone
// fallback chain, cached in SignalSample) and workload demand, condensed for decide().
export type {
  CarbonProvider,
  CarbonSignal,
  DemandSignal,
  IntensityPoint,
  IntensitySample,
  SignalKindName,
  SignalStatus,
} from './types';
export { ProviderError, RateLimitedError, InvalidBodyError, type ProviderErrorCode } from './errors';
export { MAX_INTENSITY_G_PER_KWH, type HttpProviderOptions } from './http';
export {
  BUNDLED_SOURCE,
  BUNDLED_ZONES,
  BundledDataset,
  BundledProvider,
  DEFAULT_BUNDLED_DATA_DIR,
  WEEK_MS,
  actualAt,
  bundledDataset,
  indexAt,
  replayTime,
  type BundledMode,
  type BundledProviderOptions,
  type CarbonSeries,
} from './bundled';
export {
  UK_CARBON_INTENSITY,
  UK_CARBON_INTENSITY_DEFAULT_URL,
  UkCarbonIntensityProvider,
  type UkCarbonIntensityOptions,
} from './providers/uk-carbon-intensity';
export {
  ELECTRICITY_MAPS,
  ELECTRICITY_MAPS_DEFAULT_URL,
  ElectricityMapsProvider,
  type ElectricityMapsOptions,
} from './providers/electricity-maps';
export {
  DEFAULT_WATTTIME_REGIONS,
  LBS_PER_MWH_TO_G_PER_KWH,
  WATTTIME,
  WATTTIME_DEFAULT_URL,
  WattTimeProvider,
  type WattTimeOptions,
} from './providers/watttime';
export {
  CARBON_AWARE_SDK,
  CarbonAwareSdkProvider,
  type CarbonAwareSdkOptions,
} from './providers/carbon-aware-sdk';
export {
  DEFAULT_CARBON_SOURCES,
  DEFAULT_FORECAST_MAX_AGE_SECONDS,
  DEFAULT_MAX_AGE_SECONDS,
  DEFAULT_REFRESH_INTERVAL_SECONDS,
  PROVIDER_NAMES,
  chainFor,
  loadSignalsConfig,
  parseDuration,
  parseSources,
  type PerSource,
  type ProviderName,
  type SignalsConfig,
} from './config';
export {
  SignalService,
  type ProviderAttempt,
  type ProviderStatus,
  type RefreshReport,
  type SignalServiceOptions,
} from './service';
export { createProviders, createSignalService } from './factory';
