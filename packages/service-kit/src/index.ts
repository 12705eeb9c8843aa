export { envInt, ServiceConfigError, type Env } from './env.ts';
export { serveUntilSignal } from './serve.ts';
export { BadRequest, type Problem } from './problems.ts';
