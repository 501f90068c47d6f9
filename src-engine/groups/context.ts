/**
 * What the group protocol flow (join/sync/heartbeat/leave) needs from the coordinator that owns
 * it: time, configuration, the event stream and persistence of group metadata.
 */
import type { GroupEvent } from '../../src-common/engine-events.js';
import type { ClassicGroup } from './classic-group.js';
import type { Clock } from './clock.js';
import type { GroupCoordinatorConfig } from './types.js';

export interface GroupContext {
  readonly clock: Clock;
  readonly config: GroupCoordinatorConfig;
  emit(event: GroupEvent): void;
  /** Writes the group's GroupMetadataValue (after a generation is assigned, or it became empty). */
  storeGroup(group: ClassicGroup): void;
}
