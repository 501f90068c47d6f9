/** Topic and broker configs: Kafka's names, types, defaults, validation, documentation and resolution. */
export * from './config-def.js';
export * from './topic-configs.js';
export * from './broker-configs.js';
export * from './topic-config.js';
export * from './broker-config.js';
