// Energy, carbon and cost: the Cloud Carbon Footprint model (pure), used and avoided amounts per interval, and
// their records in the database. Coefficients are data (services/control-plane/data/energy), each with a source.
export {
  ENERGY_PROFILE_NAMES,
  DEFAULT_ENERGY_DATA_DIR,
  CoefficientDataError,
  loadCoefficients,
  defaultCoefficients,
  type Coefficients,
  type EmbodiedServer,
  type EnergyProfile,
  type EnergyProfileName,
  type Microarchitecture,
  type Prices,
} from './coefficients';
export {
  ENERGY_ENV_VARIABLES,
  parseEnergyEnv,
  resolveEnergySettings,
  loadEnergySettings,
  type EnergyEnv,
  type EnergySettings,
} from './config';
export {
  averageWattsPerVcpu,
  carbonGrams,
  costUsd,
  cpuUtilisationOrDefault,
  embodiedCarbonGrams,
  energyBreakdownKwh,
  energyKwh,
  measuredEnergyKwh,
  type CarbonInput,
  type EnergyBreakdown,
  type EnergyInput,
  type ResourceHours,
} from './model';
export {
  emptyTotals,
  totalUsage,
  runningReplicas,
  usageForInterval,
  type EnergyMethod,
  type UsageForIntervalInput,
  type UsageRecordInput,
  type UsageState,
  type UsageTotals,
  type UsageWorkload,
} from './usage';
export {
  recordUsage,
  savingsSummary,
  type PolicySavings,
  type SavingsQuery,
  type SavingsSummary,
  type WorkloadSavings,
} from './store';
