// confluent-kafka against the engine: the shared modern-client scenarios (modern/suite.ts).
import { describeModernClient } from './modern/suite.js';

describeModernClient('confluent-kafka');
