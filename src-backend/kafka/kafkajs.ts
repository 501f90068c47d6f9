/** kafkajs is CommonJS and Node's ESM loader cannot see all its named exports: take runtime values from here. */

import kafkajs from 'kafkajs';

export const { Kafka, logLevel, Partitioners, ConfigResourceTypes, CompressionTypes, CompressionCodecs, AssignerProtocol } = kafkajs;
