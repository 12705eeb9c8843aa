// core/v1: Namespaces only (objects of the other groups can only be made in one that exists, as on a real
// cluster). Deleting one removes everything in it at once, where a real cluster takes a while.
import type { ApiGroup } from './group';
import type { ResourceType } from './store';

export const NAMESPACES: ResourceType = {
  group: '',
  version: 'v1',
  plural: 'namespaces',
  kind: 'Namespace',
  namespaced: false,
  generation: false,
};

export const core: ApiGroup = { group: '', version: 'v1', resources: [NAMESPACES] };
