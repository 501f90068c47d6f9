/**
 * Broker configs of the KIP-848 consumer group protocol (Kafka's GroupCoordinatorConfig names and
 * defaults). Read when the broker starts; documentation strings are our own wording.
 */
import { atLeast, listOf, oneOf, type ConfigDefinition } from './config-def.js';

const fixed = (name: string, type: ConfigDefinition['type'], defaultValue: string, documentation: string,
  extra: Partial<ConfigDefinition> = {}): ConfigDefinition =>
  ({ name, type, defaultValue, documentation, importance: 'MEDIUM', readOnly: true, ...extra });

export const CONSUMER_GROUP_CONFIG_LIST: readonly ConfigDefinition[] = [
  fixed('group.consumer.session.timeout.ms', 'INT', '45000', 'A consumer-protocol member that sends no heartbeat for this long is removed from its group.', { validator: atLeast(1) }),
  fixed('group.consumer.min.session.timeout.ms', 'INT', '45000', 'The lowest group.consumer.session.timeout.ms allowed.', { validator: atLeast(1) }),
  fixed('group.consumer.max.session.timeout.ms', 'INT', '60000', 'The highest group.consumer.session.timeout.ms allowed.', { validator: atLeast(1) }),
  fixed('group.consumer.heartbeat.interval.ms', 'INT', '5000', 'How often consumer-protocol members are told to heartbeat.', { validator: atLeast(1) }),
  fixed('group.consumer.min.heartbeat.interval.ms', 'INT', '5000', 'The lowest group.consumer.heartbeat.interval.ms allowed.', { validator: atLeast(1) }),
  fixed('group.consumer.max.heartbeat.interval.ms', 'INT', '15000', 'The highest group.consumer.heartbeat.interval.ms allowed.', { validator: atLeast(1) }),
  fixed('group.consumer.max.size', 'INT', '2147483647', 'The most members a consumer-protocol group accepts (GROUP_MAX_SIZE_REACHED beyond).', { validator: atLeast(1) }),
  fixed('group.consumer.assignors', 'LIST', 'uniform,range', 'Server-side assignors offered to clients (group.remote.assignor); the first is the default. This engine knows "uniform" and "range".', { validator: listOf('uniform', 'range') }),
  fixed('group.consumer.migration.policy', 'STRING', 'bidirectional', 'Whether an empty classic group may become a consumer group and back: "bidirectional", "upgrade", "downgrade" or "disabled".', { validator: oneOf('bidirectional', 'upgrade', 'downgrade', 'disabled') }),
];
