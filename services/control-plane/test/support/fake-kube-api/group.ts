// An API group the fake serves: its resource types and, where it has them, subresources.
import type { KubeReply, KubeRequest } from './resource';
import type { ResourceType, Store } from './store';

export interface ApiGroup {
  group: string;
  version: string;
  resources: ResourceType[];
  /** Handles `<resource>/<subresource>` requests; undefined for ones the group does not have. */
  subresource?(store: Store, req: KubeRequest): KubeReply | undefined;
}
