// Entry of a run's worker thread: loads the TypeScript worker through tsx's ESM loader, as bin/ does for the
// main thread (a worker does not inherit loader hooks registered at run time).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
