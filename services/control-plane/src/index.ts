export { startServer, createContext } from './server';
export type { RunningServer } from './server';
export { buildApp } from './api';
export { loadConfig } from './config';
export type { Config } from './config';
