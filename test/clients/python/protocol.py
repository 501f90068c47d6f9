"""The JSON-lines protocol every test driver speaks (test/clients/README.md)."""
import base64
import json
import sys
import threading
import time

_out = threading.Lock()

CONFIG_SOURCES = ['UNKNOWN', 'DYNAMIC_TOPIC_CONFIG', 'DYNAMIC_BROKER_CONFIG', 'DYNAMIC_DEFAULT_BROKER_CONFIG',
                  'STATIC_BROKER_CONFIG', 'DEFAULT_CONFIG', 'DYNAMIC_BROKER_LOGGER_CONFIG', 'CLIENT_METRICS_CONFIG',
                  'GROUP_CONFIG']


def command():
    if len(sys.argv) != 2:
        print("usage: driver '<json command>'", file=sys.stderr)
        sys.exit(2)
    return json.loads(sys.argv[1])


def emit(type_, **fields):
    line = json.dumps({'type': type_, **fields})
    with _out:
        sys.stdout.write(line + '\n')
        sys.stdout.flush()


def data(b64):
    """A base64 field as bytes; null stays None."""
    return None if b64 is None else base64.b64decode(b64)


def b64(raw):
    return None if raw is None else base64.b64encode(raw).decode('ascii')


def record_line(topic, partition, offset, timestamp, key, value, headers):
    emit('record', topic=topic, partition=partition, offset=offset, timestamp=timestamp, key=b64(key), value=b64(value),
         headers=[{'key': k, 'value': b64(v)} for k, v in (headers or [])])


def error(code, name, message):
    return {'code': code, 'name': name, 'message': message}


def run(ops, error_of):
    """Runs the command's op; any exception becomes an error line (error_of maps it) and exit code 1."""
    cmd = command()
    try:
        ops[cmd['op']](cmd)
    except Exception as e:  # noqa: BLE001 - every failure is reported as a line
        emit('error', error=error_of(e))
        import traceback
        traceback.print_exc()
        sys.stdout.flush()
        sys.exit(1)


class Stopper:
    """Ends a group member after `durationMs` (or timeoutMs), or when a line "stop" arrives on stdin."""

    def __init__(self, cmd):
        self.deadline = time.time() + (cmd.get('durationMs') or cmd.get('timeoutMs') or 60_000) / 1000
        self.stopped = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in sys.stdin:
            if line.strip() == 'stop':
                self.stopped = True

    def done(self):
        return self.stopped or time.time() >= self.deadline


class Assignment:
    """A member's partitions; prints an assignment line on every change."""

    def __init__(self):
        self.parts = set()

    def change(self, event, changed):
        changed = {(t, p) for t, p in changed}
        if event == 'assigned':
            self.parts |= changed
        else:
            self.parts -= changed
        as_list = lambda s: [{'topic': t, 'partition': p} for t, p in sorted(s)]  # noqa: E731
        emit('assignment', event=event, changed=as_list(changed), partitions=as_list(self.parts))


def committed(next_offsets):
    emit('committed', offsets=[{'topic': t, 'partition': p, 'offset': o} for (t, p), o in sorted(next_offsets.items())])
