export { startServer, createContext } from './server';
export type { RunningServer } from './server';
