"""The kafka-python 3.x test driver (test/clients/README.md), with its optional codecs installed."""
import logging
import os
import time

import kafka.errors as Errors
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, KafkaAdminClient
from kafka.admin._configs import AlterConfigOp
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.coordinator.assignors.cooperative_sticky import CooperativeStickyAssignor
from kafka.coordinator.assignors.range import RangePartitionAssignor
from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor
from kafka.coordinator.assignors.sticky.sticky_assignor import StickyPartitionAssignor
from kafka.structs import OffsetAndMetadata

import protocol
from protocol import emit

ASSIGNORS = {'range': RangePartitionAssignor, 'roundrobin': RoundRobinPartitionAssignor,
             'sticky': StickyPartitionAssignor, 'cooperative-sticky': CooperativeStickyAssignor}


def error_of(e):
    if isinstance(e, Errors.BrokerResponseError):
        return protocol.error(e.errno, e.message, str(e))
    return protocol.error(None, type(e).__name__, str(e))


def code_error(code, message=None):
    if not code:
        return None
    err = Errors.for_code(code)
    return protocol.error(code, err.message, message or err.description)


def settings(cmd, **extra):
    return {'bootstrap_servers': cmd['bootstrap'], 'client_id': 'kafkadesk-kafka-python-driver', **extra, **(cmd.get('config') or {})}


def produce(cmd):
    txn = cmd.get('transactionalId')
    acks = cmd.get('acks', -1)
    compression = cmd.get('compression', 'none')
    p = KafkaProducer(**settings(cmd, acks='all' if acks == -1 else acks, enable_idempotence=bool(cmd.get('idempotent') or txn),
                                 compression_type=None if compression == 'none' else compression, transactional_id=txn,
                                 linger_ms=5))
    if txn:
        p.init_transactions()
        p.begin_transaction()
    futures = [p.send(cmd['topic'], value=protocol.data(r.get('value')), key=protocol.data(r.get('key')),
                      headers=[(h['key'], protocol.data(h['value'])) for h in r.get('headers', [])],
                      partition=r.get('partition'), timestamp_ms=r.get('timestamp'))
               for r in cmd['records']]
    p.flush()
    for i, f in enumerate(futures):
        try:
            md = f.get(timeout=cmd.get('timeoutMs', 60_000) / 1000)
        except Errors.KafkaError as e:
            if txn:
                raise
            emit('produced', index=i, error=error_of(e))
            continue
        emit('produced', index=i, partition=md.partition, offset=md.offset, error=None)
    if txn:
        (p.abort_transaction if cmd.get('endTransaction') == 'abort' else p.commit_transaction)()
    p.close()
    emit('done', count=len(futures))


def record_line(r):
    protocol.record_line(r.topic, r.partition, r.offset, r.timestamp, r.key, r.value, r.headers)


def consume(cmd):
    c = KafkaConsumer(**settings(cmd, group_id=None, enable_auto_commit=False, isolation_level=cmd.get('isolation', 'read_uncommitted')))
    topic = cmd['topic']
    deadline = time.time() + cmd.get('timeoutMs', 30_000) / 1000
    parts = cmd.get('partitions')
    while parts is None:
        found = c.partitions_for_topic(topic)
        if found:
            parts = sorted(found)
        elif time.time() > deadline:
            raise Errors.UnknownTopicOrPartitionError(topic)
        else:
            time.sleep(0.1)
    tps = [TopicPartition(topic, p) for p in parts]
    c.assign(tps)
    start = cmd.get('from', 'earliest')
    if isinstance(start, int):
        for tp in tps:
            c.seek(tp, start)
    elif start == 'latest':
        c.seek_to_end(*tps)
    else:
        c.seek_to_beginning(*tps)
    count, seen = cmd['count'], 0
    while seen < count and time.time() < deadline:
        for records in c.poll(timeout_ms=200, max_records=count - seen).values():
            for r in records:
                record_line(r)
                seen += 1
    c.close()
    emit('done', count=seen, timedOut=seen < count)


class Listener(ConsumerRebalanceListener):
    def __init__(self):
        self.assignment = protocol.Assignment()

    def _change(self, event, tps):
        self.assignment.change(event, [(tp.topic, tp.partition) for tp in tps])

    def on_partitions_revoked(self, revoked):
        self._change('revoked', revoked)

    def on_partitions_assigned(self, assigned):
        self._change('assigned', assigned)

    def on_partitions_lost(self, lost):
        self._change('lost', lost)


def group_consume(cmd):
    if cmd.get('protocol') == 'consumer':
        raise ValueError('kafka-python has no KIP-848 consumer protocol')
    commit = cmd.get('commit', 'sync')
    extra = {'group_id': cmd['group'], 'enable_auto_commit': commit == 'auto', 'auto_offset_reset': cmd.get('from', 'earliest'),
             'isolation_level': cmd.get('isolation', 'read_uncommitted')}
    if cmd.get('assignor'):
        extra['partition_assignment_strategy'] = [ASSIGNORS[cmd['assignor']]]
    if cmd.get('instanceId'):
        extra['group_instance_id'] = cmd['instanceId']
    if cmd.get('sessionTimeoutMs'):
        extra['session_timeout_ms'] = cmd['sessionTimeoutMs']
    c = KafkaConsumer(**settings(cmd, **extra))
    c.subscribe(cmd['topics'], listener=Listener())
    stopper = protocol.Stopper(cmd)
    count, seen = cmd.get('count'), 0
    while (count is None or seen < count) and not stopper.done():
        nxt = {}
        # Not shorter: with 100 ms, kafka-python 3.0.12 sometimes never applied a rejoin's assignment
        # (its log: SyncGroup answered without error, then nothing), about one run in two here.
        for records in c.poll(timeout_ms=1000, max_records=(count - seen) if count else 500).values():
            for r in records:
                record_line(r)
                nxt[(r.topic, r.partition)] = r.offset + 1
                seen += 1
        if nxt and commit == 'sync':
            c.commit({TopicPartition(t, p): OffsetAndMetadata(o, '', -1) for (t, p), o in nxt.items()})
            protocol.committed(nxt)
    c.close()  # leaves the group
    emit('done', count=seen, timedOut=count is not None and seen < count and not stopper.stopped)


def admin(cmd):
    a = KafkaAdminClient(**settings(cmd))
    action = cmd['action']
    if action == 'create-topics':
        spec = {t['name']: {'num_partitions': t.get('partitions', -1), 'replication_factor': t.get('replicationFactor', -1),
                            'configs': t.get('configs', {})} for t in cmd['topics']}
        res = a.create_topics(spec, validate_only=cmd.get('validateOnly', False), raise_errors=False)
        for t in res['topics']:
            emit('topic-created', name=t['name'], error=code_error(t['error_code'], t.get('error_message')))
    elif action == 'delete-topics':
        for t in a.delete_topics(cmd['topics'], raise_errors=False)['topics']:
            emit('topic-deleted', name=t['name'], error=code_error(t['error_code'], t.get('error_message')))
    elif action == 'describe-topics':
        for t in a.describe_topics(cmd['topics']):
            if t['error_code']:
                emit('topic', name=t['name'], error=code_error(t['error_code']))
                continue
            emit('topic', name=t['name'], error=None, topicId=str(t['topic_id']), internal=t['is_internal'], partitions=[
                {'partition': p['partition_index'], 'leader': p['leader_id'], 'replicas': p['replica_nodes'], 'isr': p['isr_nodes']}
                for p in sorted(t['partitions'], key=lambda p: p['partition_index'])])
    elif action == 'describe-configs':
        resources = [ConfigResource('topic', t) for t in cmd.get('topics', [])] + [ConfigResource('broker', str(b)) for b in cmd.get('brokers', [])]
        for res in resources:
            kind = res.resource_type.name.lower()
            try:
                configs = a.describe_configs([res], config_filter='all')[kind][res.name]
            except Errors.BrokerResponseError as e:
                emit('configs', resourceType=kind, name=res.name, error=error_of(e))
                continue
            emit('configs', resourceType=kind, name=res.name, error=None, configs={
                n: {'value': c['value'], 'source': c['config_source'], 'readOnly': c['read_only'], 'sensitive': c['is_sensitive']}
                for n, c in configs.items()})
    elif action == 'alter-configs':
        ops = {k: (AlterConfigOp.SET, v) for k, v in (cmd.get('set') or {}).items()}
        ops.update({k: (AlterConfigOp.DELETE, None) for k in cmd.get('delete') or []})
        result = a.alter_configs([ConfigResource('topic', cmd['topic'], ops)], incremental=True)['topic'][cmd['topic']]
        emit('configs-altered', name=cmd['topic'], error=None if result == 'OK' else error_of(result) if isinstance(result, Exception)
             else protocol.error(None, str(result), str(result)))
    else:
        raise ValueError(f'unknown admin action {action}')
    a.close()
    emit('done')


if __name__ == '__main__':
    # The client's log on stderr (KAFKADESK_DRIVER_LOG=DEBUG for all of it).
    logging.basicConfig(level=os.environ.get('KAFKADESK_DRIVER_LOG', 'INFO'), format='%(asctime)s %(name)s %(levelname)s %(message)s')
    protocol.run({'produce': produce, 'consume': consume, 'group-consume': group_consume, 'admin': admin}, error_of)
