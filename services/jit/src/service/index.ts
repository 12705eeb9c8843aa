export { buildApp, PROGRAM_CHUNKNAME } from './app.ts';
export { loadServiceConfig, ServiceConfigError } from './config.ts';
export type { ServiceConfig } from './config.ts';
export { listBenchmarks, findBenchmark, type BenchmarkInfo } from './benchmarks.ts';
