// Configuration from environment variables: a bad value stops the service at start with the variable's
// name and what is wrong with it, rather than running on a default the operator did not ask for.

export type Env = Record<string, string | undefined>;

export class ServiceConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ServiceConfigError';
  }
}

/** The integer in `env[name]`, undefined when unset or blank; outside [min, max] is an error. */
export function envInt(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ServiceConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}
