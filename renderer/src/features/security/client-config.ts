// "Copy client config" snippets for the chosen listener and user: kafkajs, librdkafka / confluent-kafka and the Java
// client, with Kafka's property names. The password is always a placeholder — the console never has it.
import type { ListenerInfo } from '../../../../src-common/contract/security.js';

export const PASSWORD_PLACEHOLDER = '<password>';
const CA_PLACEHOLDER = '<path to the CA certificate (PEM)>';

export interface SnippetInput {
  listener: ListenerInfo;
  /** The SASL mechanism to use (one of the listener's); ignored on non-SASL listeners. */
  mechanism: string | null;
  username: string;
  /** The dev CA's path for TLS listeners of the embedded broker; null = a placeholder. */
  caCertPath: string | null;
}

export interface Snippet { id: 'kafkajs' | 'librdkafka' | 'java'; label: string; text: string }

const address = (l: ListenerInfo): string => l.advertised ?? `${l.host || 'localhost'}:${l.port}`;

function javaLoginModule(mechanism: string): string {
  return mechanism === 'PLAIN' ? 'org.apache.kafka.common.security.plain.PlainLoginModule' : 'org.apache.kafka.common.security.scram.ScramLoginModule';
}

export function clientSnippets(input: SnippetInput): Snippet[] {
  const { listener } = input;
  const protocol = listener.securityProtocol ?? 'PLAINTEXT';
  const sasl = protocol.startsWith('SASL_');
  const tls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const mechanism = sasl ? (input.mechanism ?? listener.saslMechanisms[0] ?? 'SCRAM-SHA-512') : null;
  const user = input.username || '<user>';
  const ca = input.caCertPath ?? CA_PLACEHOLDER;
  const mtls = tls && listener.sslClientAuth === 'required';

  const kafkajs = [
    "const fs = require('fs');",
    "const { Kafka } = require('kafkajs');",
    'const kafka = new Kafka({',
    `  brokers: ['${address(listener)}'],`,
    ...(tls ? [`  ssl: { ca: [fs.readFileSync('${ca}', 'utf8')]${mtls ? ", cert: fs.readFileSync('<client.crt>', 'utf8'), key: fs.readFileSync('<client.key>', 'utf8')" : ''} },`] : []),
    ...(mechanism ? [`  sasl: { mechanism: '${mechanism.toLowerCase()}', username: '${user}', password: '${PASSWORD_PLACEHOLDER}' },`] : []),
    '});',
  ];
  const librdkafka = [
    `bootstrap.servers=${address(listener)}`,
    `security.protocol=${protocol}`,
    ...(mechanism ? [`sasl.mechanisms=${mechanism}`, `sasl.username=${user}`, `sasl.password=${PASSWORD_PLACEHOLDER}`] : []),
    ...(tls ? [`ssl.ca.location=${ca}`] : []),
    ...(mtls ? ['ssl.certificate.location=<client.crt>', 'ssl.key.location=<client.key>'] : []),
  ];
  const java = [
    `bootstrap.servers=${address(listener)}`,
    `security.protocol=${protocol}`,
    ...(mechanism ? [
      `sasl.mechanism=${mechanism}`,
      `sasl.jaas.config=${javaLoginModule(mechanism)} required username="${user}" password="${PASSWORD_PLACEHOLDER}";`,
    ] : []),
    ...(tls ? ['ssl.truststore.type=PEM', `ssl.truststore.location=${ca}`] : []),
    ...(mtls ? ['ssl.keystore.type=PEM', 'ssl.keystore.location=<client key and certificate chain (PEM)>'] : []),
  ];
  return [
    { id: 'kafkajs', label: 'kafkajs', text: kafkajs.join('\n') },
    { id: 'librdkafka', label: 'librdkafka / confluent-kafka / kcat', text: librdkafka.join('\n') },
    { id: 'java', label: 'Java client', text: java.join('\n') },
  ];
}
