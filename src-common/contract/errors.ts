/**
 * Errors as they cross the GUI <-> backend boundary. Every failed call rejects with a BackendError-shaped value;
 * clients throw it as a BackendCallError so `instanceof` works in the renderer.
 */

/** Stable error codes the GUI may branch on. Anything else arrives as 'internal'. */
export type BackendErrorCode =
  | 'bad-request' // params failed validation
  | 'unauthorized' // missing or wrong transport token
  | 'unknown-method'
  | 'not-found' // cluster, topic, group, task ... does not exist
  | 'already-exists'
  | 'cluster-unreachable' // could not connect / authenticate
  | 'kafka' // the broker answered with an error code (see kafkaCode)
  | 'group-not-empty' // offset reset / delete refused while the group has members
  | 'not-embedded' // engine-only insight asked of a remote cluster
  | 'engine-unavailable' // the embedded broker is not running
  | 'unsupported' // the transport or host cannot do this (e.g. a save dialog in browser mode)
  | 'incompatible' // a schema the subject's compatibility level refuses
  | 'registry' // the Schema Registry answered with an error (message carries its error_code)
  | 'cancelled'
  | 'timeout'
  | 'internal';

export interface BackendError {
  code: BackendErrorCode | (string & {});
  message: string;
  /** Kafka protocol error code when the broker returned one (e.g. 36 TOPIC_ALREADY_EXISTS). */
  kafkaCode?: number;
  /** Kafka's name for kafkaCode, e.g. 'TOPIC_ALREADY_EXISTS'. */
  kafkaName?: string;
  /** Which field of the params was wrong, for 'bad-request'. */
  field?: string;
}

export class BackendCallError extends Error implements BackendError {
  readonly code: BackendError['code'];
  readonly kafkaCode?: number;
  readonly kafkaName?: string;
  readonly field?: string;

  constructor(error: BackendError) {
    super(error.message);
    this.name = 'BackendCallError';
    this.code = error.code;
    if (error.kafkaCode !== undefined) this.kafkaCode = error.kafkaCode;
    if (error.kafkaName !== undefined) this.kafkaName = error.kafkaName;
    if (error.field !== undefined) this.field = error.field;
  }

  toJSON(): BackendError {
    return { code: this.code, message: this.message, kafkaCode: this.kafkaCode, kafkaName: this.kafkaName, field: this.field };
  }
}

export function isBackendError(value: unknown): value is BackendError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
