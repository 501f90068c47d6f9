// kafka-python against the engine: the shared modern-client scenarios (modern/suite.ts).
import { describeModernClient } from './modern/suite.js';

describeModernClient('kafka-python');
