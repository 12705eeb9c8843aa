import type { FastifyInstance } from 'fastify';
import type { Workload as WorkloadRow } from '../../db';
import {
  Workload,
  WorkloadSpec,
  WorkloadUpdate,
  workloadProblems,
  workloadToApi,
  workloadToData,
} from '../../workloads';
import { registerNamedResource, type Delegate } from '../named-resource';

export function registerWorkloadRoutes(app: FastifyInstance): void {
  registerNamedResource<WorkloadRow, WorkloadSpec>(app, {
    singular: 'workload',
    plural: 'workloads',
    table: '"Workload"',
    specSchema: WorkloadSpec,
    updateSchema: WorkloadUpdate,
    responseSchema: Workload,
    problems: workloadProblems,
    toApi: workloadToApi,
    toData: workloadToData,
    model: (client) => client.workload as unknown as Delegate<WorkloadRow>,
  });
}
