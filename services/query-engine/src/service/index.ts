export { buildQueryApp } from './app.ts';
export { loadServiceConfig, ServiceConfigError } from './config.ts';
export type { ServiceConfig } from './config.ts';
