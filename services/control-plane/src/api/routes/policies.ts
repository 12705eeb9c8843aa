import type { FastifyInstance } from 'fastify';
import type { Policy as PolicyRow } from '../../db';
import { Policy, PolicySpec, PolicyUpdate, policyProblems, policyToApi, policyToData } from '../../policy';
import { registerNamedResource, type Delegate } from '../named-resource';

export function registerPolicyRoutes(app: FastifyInstance): void {
  registerNamedResource<PolicyRow, PolicySpec>(app, {
    singular: 'policy',
    plural: 'policies',
    table: '"Policy"',
    specSchema: PolicySpec,
    updateSchema: PolicyUpdate,
    responseSchema: Policy,
    problems: policyProblems,
    toApi: policyToApi,
    toData: policyToData,
    model: (client) => client.policy as unknown as Delegate<PolicyRow>,
  });
}
