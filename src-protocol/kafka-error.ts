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

export function errorCodeOf(err: unknown, fallback: number): number {
  return err instanceof KafkaError ? err.code : fallback;
}
