// The shapes signals take on their way from providers to decide(). Providers produce IntensitySamples;
// the signal service stores them (SignalSample) and condenses them into a CarbonSignal per zone and tick.

export type SignalKindName = 'actual' | 'forecast';

/** Fresh: within its age limit. Stale: older than the limit. Missing: nothing usable at all. */
export type SignalStatus = 'fresh' | 'stale' | 'missing';

/** Grid carbon intensity for the interval starting at `time` (gCO2e/kWh). */
export interface IntensityPoint {
  time: Date;
  intensityGPerKwh: number;
}

export interface IntensitySample extends IntensityPoint {
  zone: string;
  /** Provider name, e.g. "bundled", "uk-carbon-intensity", "electricity-maps", "watttime", "carbon-aware-sdk". */
  source: string;
  kind: SignalKindName;
  /** When the source published (forecasts) or observed (actuals) the value. */
  issuedAt: Date;
}

/** One source of grid carbon intensity. Implementations do I/O; nothing downstream of them does. */
export interface CarbonProvider {
  readonly name: string;
  /** Actual (measured or estimated-after-the-fact) intensity for intervals starting in [from, to). */
  actual(zone: string, from: Date, to: Date): Promise<IntensitySample[]>;
  /** The newest forecast covering intervals starting in [from, to). */
  forecast(zone: string, from: Date, to: Date): Promise<IntensitySample[]>;
}

/** What decide() knows about one zone's grid at `now`. Never a silent zero: status says how good it is. */
export interface CarbonSignal {
  zone: string;
  status: SignalStatus;
  source?: string;
  /**
   * The interval containing now (or the latest actual before it), with its age. `kind` says where it came
   * from: an actual, or (no usable actual yet) the newest forecast for the interval containing now.
   */
  current?: IntensityPoint & { ageSeconds: number; kind?: SignalKindName };
  forecastStatus: SignalStatus;
  /** The interval containing now and the later ones, sorted by time, from the newest forecast issue. */
  forecast: IntensityPoint[];
  forecastIssuedAt?: Date;
  /** The provider the forecast came from (may differ from `source` when a fallback supplied one of them). */
  forecastSource?: string;
}

/** Request demand for one workload: samples of requests counted over windows (activator or Prometheus). */
export interface DemandSignal {
  status: SignalStatus;
  samples: { time: Date; windowSeconds: number; requests: number }[];
  lastRequestAt?: Date;
}
