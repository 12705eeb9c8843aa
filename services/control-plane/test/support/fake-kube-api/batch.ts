// batch/v1: CronJobs.
import type { ApiGroup } from './group';
import { StatusError, type KubeObject, type ResourceType } from './store';

export const CRONJOBS: ResourceType = {
  group: 'batch',
  version: 'v1',
  plural: 'cronjobs',
  kind: 'CronJob',
  namespaced: true,
  generation: true,
  admit(obj: KubeObject) {
    obj.spec ??= {};
    if (typeof obj.spec.schedule !== 'string' || obj.spec.schedule === '') {
      throw new StatusError(
        422,
        'Invalid',
        `CronJob.batch "${obj.metadata?.name}" is invalid: spec.schedule: Required value`,
      );
    }
    obj.spec.suspend ??= false;
    if (typeof obj.spec.suspend !== 'boolean') {
      throw new StatusError(
        422,
        'Invalid',
        `CronJob.batch "${obj.metadata?.name}" is invalid: spec.suspend: must be a boolean`,
      );
    }
    obj.spec.jobTemplate ??= { spec: { template: { spec: { containers: [], restartPolicy: 'OnFailure' } } } };
  },
};

export const batch: ApiGroup = { group: 'batch', version: 'v1', resources: [CRONJOBS] };
