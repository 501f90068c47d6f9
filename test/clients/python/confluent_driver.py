"""The confluent-kafka 2.x test driver (test/clients/README.md); its wheel bundles librdkafka."""
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicCollection, TopicPartition
from confluent_kafka.admin import (AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource, NewTopic,
                                   ResourceType)

import protocol
from protocol import emit


def error_of(e):
    err = e.args[0] if isinstance(e, KafkaException) and e.args and isinstance(e.args[0], KafkaError) else None
    if err is None:
        return protocol.error(None, type(e).__name__, str(e))
    # librdkafka's own errors are negative; Kafka's are its codes.
    return protocol.error(err.code() if err.code() >= 0 else None, err.name(), err.str())


def settings(cmd, **extra):
    conf = {'bootstrap.servers': cmd['bootstrap'], 'client.id': 'kafkadesk-confluent-driver', **extra}
    conf.update(cmd.get('config') or {})
    return conf


def produce(cmd):
    txn = cmd.get('transactionalId')
    conf = settings(cmd, **{'acks': str(cmd.get('acks', -1)), 'enable.idempotence': bool(cmd.get('idempotent') or txn),
                            'compression.type': cmd.get('compression', 'none'),
                            # One batch per produce call on both brokers: a record sent alone before the
                            # rest may go uncompressed (librdkafka skips compression that does not shrink).
                            'linger.ms': 100})
    if txn:
        conf['transactional.id'] = txn
    p = Producer(conf)
    if txn:
        p.init_transactions(30)
        p.begin_transaction()
    results = [None] * len(cmd['records'])

    def delivered(i):
        def cb(err, msg):
            results[i] = err if err is not None else (msg.partition(), msg.offset())
        return cb

    for i, r in enumerate(cmd['records']):
        kwargs = {'headers': [(h['key'], protocol.data(h['value'])) for h in r.get('headers', [])], 'on_delivery': delivered(i)}
        if r.get('partition') is not None:
            kwargs['partition'] = r['partition']
        if r.get('timestamp') is not None:
            kwargs['timestamp'] = r['timestamp']
        p.produce(cmd['topic'], value=protocol.data(r.get('value')), key=protocol.data(r.get('key')), **kwargs)
    p.flush(cmd.get('timeoutMs', 60_000) / 1000)
    for i, res in enumerate(results):
        if res is None or isinstance(res, KafkaError):
            err = KafkaException(res if res is not None else KafkaError(KafkaError._MSG_TIMED_OUT))
            if txn:
                raise err
            emit('produced', index=i, error=error_of(err))
        else:
            emit('produced', index=i, partition=res[0], offset=res[1], error=None)
    if txn:
        (p.abort_transaction if cmd.get('endTransaction') == 'abort' else p.commit_transaction)(30)
    emit('done', count=len(results))


def start_offset(cmd):
    start = cmd.get('from', 'earliest')
    return start if isinstance(start, int) else {'earliest': -2, 'latest': -1}[start]  # OFFSET_BEGINNING, OFFSET_END


def message_line(m):
    protocol.record_line(m.topic(), m.partition(), m.offset(), m.timestamp()[1], m.key(), m.value(), m.headers())


def check(m):
    if m.error() is not None:
        if m.error().code() == KafkaError._PARTITION_EOF:
            return False
        raise KafkaException(m.error())
    return True


def consume(cmd):
    # librdkafka needs a group.id even to assign partitions; nothing joins or commits here.
    c = Consumer(settings(cmd, **{'group.id': 'kafkadesk-assign-only', 'enable.auto.commit': False,
                                  'isolation.level': cmd.get('isolation', 'read_uncommitted')}))
    topic = cmd['topic']
    parts = cmd.get('partitions')
    if parts is None:
        parts = sorted(c.list_topics(topic, timeout=30).topics[topic].partitions)
    c.assign([TopicPartition(topic, p, start_offset(cmd)) for p in parts])
    count, seen = cmd['count'], 0
    deadline = time.time() + cmd.get('timeoutMs', 30_000) / 1000
    while seen < count and time.time() < deadline:
        m = c.poll(0.2)
        if m is not None and check(m):
            message_line(m)
            seen += 1
    c.close()
    emit('done', count=seen, timedOut=seen < count)


def group_consume(cmd):
    commit = cmd.get('commit', 'sync')
    extra = {'group.id': cmd['group'], 'enable.auto.commit': commit == 'auto', 'auto.offset.reset': cmd.get('from', 'earliest'),
             'isolation.level': cmd.get('isolation', 'read_uncommitted'), 'group.protocol': cmd.get('protocol', 'classic')}
    if cmd.get('assignor'):
        extra['group.remote.assignor' if cmd.get('protocol') == 'consumer' else 'partition.assignment.strategy'] = cmd['assignor']
    if cmd.get('instanceId'):
        extra['group.instance.id'] = cmd['instanceId']
    if cmd.get('sessionTimeoutMs') and cmd.get('protocol') != 'consumer':
        extra['session.timeout.ms'] = cmd['sessionTimeoutMs']
    c = Consumer(settings(cmd, **extra))
    assignment = protocol.Assignment()
    as_pairs = lambda tps: [(tp.topic, tp.partition) for tp in tps]  # noqa: E731
    c.subscribe(cmd['topics'],
                on_assign=lambda _c, tps: assignment.change('assigned', as_pairs(tps)),
                on_revoke=lambda _c, tps: assignment.change('revoked', as_pairs(tps)),
                on_lost=lambda _c, tps: assignment.change('lost', as_pairs(tps)))
    stopper = protocol.Stopper(cmd)
    count, seen = cmd.get('count'), 0
    while (count is None or seen < count) and not stopper.done():
        msgs = [m for m in c.consume(num_messages=count - seen if count else 500, timeout=0.1) if check(m)]
        for m in msgs:
            message_line(m)
        seen += len(msgs)
        if msgs and commit == 'sync':
            nxt = {(m.topic(), m.partition()): m.offset() + 1 for m in msgs}
            c.commit(offsets=[TopicPartition(t, p, o) for (t, p), o in nxt.items()], asynchronous=False)
            protocol.committed(nxt)
    c.close()  # leaves the group
    emit('done', count=seen, timedOut=count is not None and seen < count and not stopper.stopped)


def admin(cmd):
    a = AdminClient(settings(cmd))
    action = cmd['action']

    def each(type_, futures, describe=None):
        for name, f in futures.items():
            try:
                value = f.result()
                emit(type_, name=name, error=None, **(describe(value) if describe else {}))
            except Exception as e:  # noqa: BLE001
                emit(type_, name=name, error=error_of(e))

    if action == 'create-topics':
        topics = [NewTopic(t['name'], t.get('partitions', -1), t.get('replicationFactor', -1), config=t.get('configs', {}))
                  for t in cmd['topics']]
        each('topic-created', a.create_topics(topics, validate_only=cmd.get('validateOnly', False)))
    elif action == 'delete-topics':
        each('topic-deleted', a.delete_topics(cmd['topics']))
    elif action == 'describe-topics':
        futures = a.describe_topics(TopicCollection(cmd['topics']))
        each('topic', futures, lambda d: {'topicId': str(d.topic_id), 'internal': d.is_internal, 'partitions': [
            {'partition': p.id, 'leader': p.leader.id if p.leader else -1, 'replicas': [n.id for n in p.replicas],
             'isr': [n.id for n in p.isr]} for p in sorted(d.partitions, key=lambda p: p.id)]})
    elif action == 'describe-configs':
        resources = [ConfigResource(ResourceType.TOPIC, t) for t in cmd.get('topics', [])] + \
                    [ConfigResource(ResourceType.BROKER, str(b)) for b in cmd.get('brokers', [])]
        for res, f in a.describe_configs(resources).items():
            kind = 'topic' if res.restype == ResourceType.TOPIC else 'broker'
            try:
                entries = f.result()
                emit('configs', resourceType=kind, name=res.name, error=None, configs={
                    n: {'value': e.value, 'source': protocol.CONFIG_SOURCES[e.source], 'readOnly': e.is_read_only,
                        'sensitive': e.is_sensitive} for n, e in entries.items()})
            except Exception as e:  # noqa: BLE001
                emit('configs', resourceType=kind, name=res.name, error=error_of(e))
    elif action == 'alter-configs':
        ops = [ConfigEntry(k, v, incremental_operation=AlterConfigOpType.SET) for k, v in (cmd.get('set') or {}).items()]
        ops += [ConfigEntry(k, None, incremental_operation=AlterConfigOpType.DELETE) for k in cmd.get('delete') or []]
        futures = a.incremental_alter_configs([ConfigResource(ResourceType.TOPIC, cmd['topic'], incremental_configs=ops)])
        each('configs-altered', {res.name: f for res, f in futures.items()})
    else:
        raise ValueError(f'unknown admin action {action}')
    emit('done')


if __name__ == '__main__':
    protocol.run({'produce': produce, 'consume': consume, 'group-consume': group_consume, 'admin': admin}, error_of)
