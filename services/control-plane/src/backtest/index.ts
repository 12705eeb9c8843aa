export { Scenario, scenarioProblems } from './scenario';
export { simulate } from './simulate';
export type { Amounts, JobResult, SimulationOptions, SimulationResult, WorkloadResult } from './simulate';
export { simulationMarkdown } from './report';
export { simulationChart } from './chart';
export { optimumPlacement, runAtSubmission } from './job-baselines';
export { FORECAST_HORIZON_MS } from './forecast';
export { loadScenarioFile, readForecastCsv, ScenarioFileError } from './load-scenario';
export { simulateInWorker, SimulationTimeoutError } from './run-in-worker';
