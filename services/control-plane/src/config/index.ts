export { loadConfig, ConfigError, int as envInt, bool as envBool } from './config';
export type { Config } from './config';
