/** An error that maps onto a Kafka error code (and an optional message for the client). */
import { errorName } from './error-codes.js';

export class KafkaError extends Error {
  constructor(
    readonly code: number,
    message?: string,
  ) {
    super(message ?? errorName(code));
    this.name = 'KafkaError';
  }
}
