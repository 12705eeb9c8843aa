// autoscaling/v2: HorizontalPodAutoscalers (stored only: nothing here autoscales).
import type { ApiGroup } from './group';
import type { ResourceType } from './store';

export const HPAS: ResourceType = {
  group: 'autoscaling',
  version: 'v2',
  plural: 'horizontalpodautoscalers',
  kind: 'HorizontalPodAutoscaler',
  namespaced: true,
  generation: true,
};

export const autoscaling: ApiGroup = { group: 'autoscaling', version: 'v2', resources: [HPAS] };
