export { buildApp, PROGRAM_CHUNKNAME } from './app.ts';
export { loadServiceConfig } from './config.ts';
export { ServiceConfigError } from '@lightswitch/service-kit';
export type { ServiceConfig } from './config.ts';
export { listBenchmarks, findBenchmark, type BenchmarkInfo } from './benchmarks.ts';
