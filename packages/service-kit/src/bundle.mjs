// ESM face of bundle.cjs (the implementation is CommonJS so that CommonJS launchers can require it).
export { cachedBundle, requireBundle } from './bundle.cjs';
