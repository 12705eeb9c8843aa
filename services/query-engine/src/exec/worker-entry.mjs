// Worker threads do not inherit the parent's loader hooks: register tsx here, then run the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
