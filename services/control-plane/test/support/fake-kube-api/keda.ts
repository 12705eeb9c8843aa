// keda.sh/v1alpha1: KEDA ScaledObjects, a custom resource (stored only: nothing here acts on them). A test
// can take the CRD away to play a cluster without KEDA, where listing them is a 404.
import type { ApiGroup } from './group';
import type { ResourceType } from './store';

export const SCALEDOBJECTS: ResourceType = {
  group: 'keda.sh',
  version: 'v1alpha1',
  plural: 'scaledobjects',
  kind: 'ScaledObject',
  namespaced: true,
  generation: true,
};

export const keda: ApiGroup = { group: 'keda.sh', version: 'v1alpha1', resources: [SCALEDOBJECTS] };
