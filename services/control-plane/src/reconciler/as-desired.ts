import type { Observation } from '../actuators';

/** Whether what was observed already is what is desired; unknown (a webhook cannot be asked) never is. */
export function alreadyAsDesired(o: Observation, state: 'on' | 'off', replicas: number): boolean {
  if (o.state === 'unknown') return false;
  if (state === 'off') return o.state === 'off';
  return o.state !== 'off' && (o.replicas === null || o.replicas === replicas);
}
