/**
 * SCRAM facts both the broker and the console need: Kafka's mechanism names, their ids in
 * Describe/AlterUserScramCredentials (org.apache.kafka.clients.admin.ScramMechanism) and the iteration bounds Kafka's
 * ScramFormatter accepts. One copy: the engine's APIs 50/51 and the backend's Users page both import it.
 */
export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
export const SCRAM_MECHANISMS: readonly ScramMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];
/** Kafka's ScramMechanism ids in Describe/AlterUserScramCredentials. */
export const SCRAM_MECHANISM_ID: Readonly<Record<ScramMechanism, number>> = { 'SCRAM-SHA-256': 1, 'SCRAM-SHA-512': 2 };
export const MIN_ITERATIONS = 4096;
export const MAX_ITERATIONS = 16384;

export const scramMechanismById = (id: number): ScramMechanism | null =>
  SCRAM_MECHANISMS.find((m) => SCRAM_MECHANISM_ID[m] === id) ?? null;
