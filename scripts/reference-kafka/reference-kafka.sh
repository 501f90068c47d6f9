#!/usr/bin/env bash
# Real Apache Kafka (4.x, from Maven Central) as the executable reference the engine is compared with.
#
#   reference-kafka.sh fetch                     resolve the broker + tools jars (idempotent, cached)
#   reference-kafka.sh start --port P --controller-port C --data-dir D [--foreground] [--override key=value]...
#                                                format D as a one-node KRaft broker+controller on
#                                                127.0.0.1 and start it; prints the pid (background)
#                                                or execs the JVM (--foreground, for a parent that
#                                                owns the process, like the test helper)
#   reference-kafka.sh stop --data-dir D         SIGTERM the broker started on D, SIGKILL after 30 s
#   reference-kafka.sh run-class MAIN ARGS...    run a Kafka main class (e.g. org.apache.kafka.tools.ProducerPerformance)
#   reference-kafka.sh libs                      print the libs folder (after fetch)
#
# Jars go to .cache/reference-kafka/<version>/libs, Maven's repository to .cache/m2 (both git-ignored).
# KAFKADESK_REFERENCE_KAFKA_VERSION overrides the version (default: the newest 4.x Maven Central had
# when this was written).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VERSION="${KAFKADESK_REFERENCE_KAFKA_VERSION:-4.4.0}"
CACHE="$ROOT/.cache/reference-kafka/$VERSION"
LIBS="$CACHE/libs"
# Small heap: the machine running the tests has two cores and other work on it.
HEAP_OPTS="${KAFKADESK_REFERENCE_KAFKA_HEAP:--Xms256m -Xmx512m}"

die() { echo "reference-kafka: $*" >&2; exit 1; }

need_java() {
  command -v java >/dev/null 2>&1 || die "java not found (Kafka $VERSION needs Java 17+; apt-get install openjdk-17-jre-headless)"
}

cmd_fetch() {
  if [[ -f "$CACHE/.complete" ]]; then
    echo "reference-kafka: Kafka $VERSION present in $LIBS"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found (apt-get install maven)"
  need_java
  echo "reference-kafka: resolving org.apache.kafka:kafka_2.13:$VERSION with Maven into $LIBS"
  rm -rf "$LIBS"
  mkdir -p "$LIBS"
  mvn -q -B -f "$HERE/pom.xml" -Dmaven.repo.local="$ROOT/.cache/m2" -Dkafka.version="$VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS" \
    || die "maven could not resolve Kafka $VERSION"
  [[ -f "$LIBS/kafka_2.13-$VERSION.jar" ]] || die "kafka_2.13-$VERSION.jar missing after maven ran"
  touch "$CACHE/.complete"
  echo "reference-kafka: Kafka $VERSION ready ($(ls "$LIBS" | wc -l) jars)"
}

need_libs() {
  [[ -f "$CACHE/.complete" ]] || die "Kafka $VERSION not fetched; run scripts/reference-kafka/reference-kafka.sh fetch"
  need_java
}

java_run() {
  # shellcheck disable=SC2086 # HEAP_OPTS is a list of flags
  java $HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true -cp "$LIBS/*" "$@"
}

write_config() {
  local port=$1 controller_port=$2 dir=$3
  cat >"$dir/server.properties" <<PROPS
# One-node KRaft cluster (combined broker + controller) on loopback, written by reference-kafka.sh.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/logs
num.partitions=1
# A single broker cannot hold the internal topics' default three replicas.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# As the engine's test broker: consumer groups form without Kafka's 3 s wait.
group.initial.rebalance.delay.ms=0
PROPS
  cat >"$dir/log4j2.properties" <<'PROPS'
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.request.name = kafka.request.logger
logger.request.level = WARN
PROPS
}

cmd_start() {
  local port="" controller_port="" dir="" foreground=0
  local -a overrides=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --port) port=$2; shift 2 ;;
      --controller-port) controller_port=$2; shift 2 ;;
      --data-dir) dir=$2; shift 2 ;;
      --foreground) foreground=1; shift ;;
      --override) overrides+=(--override "$2"); shift 2 ;;
      *) die "start: unknown argument $1" ;;
    esac
  done
  [[ -n "$port" && -n "$controller_port" && -n "$dir" ]] || die "start needs --port P --controller-port C --data-dir D"
  need_libs
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [[ -f "$dir/kafka.pid" ]] && kill -0 "$(cat "$dir/kafka.pid")" 2>/dev/null; then
    die "a broker is already running on $dir (pid $(cat "$dir/kafka.pid"))"
  fi
  write_config "$port" "$controller_port" "$dir"
  if [[ ! -f "$dir/logs/meta.properties" ]]; then
    # Kafka's cluster id is a base64url (unpadded) 16-byte UUID.
    local cluster_id
    # One starting with '-' would be read as an option by kafka-storage's argument parser.
    cluster_id=-
    until [[ $cluster_id != -* ]]; do cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; done
    java_run -Dlog4j2.configurationFile="$dir/log4j2.properties" -Dkafka.logs.dir="$dir" \
      kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.out" 2>&1 \
      || die "kafka-storage format failed: $(cat "$dir/format.out")"
  fi
  local -a args=(-Dlog4j2.configurationFile="$dir/log4j2.properties" -Dkafka.logs.dir="$dir" kafka.Kafka "$dir/server.properties" "${overrides[@]}")
  if [[ $foreground -eq 1 ]]; then
    echo $$ >"$dir/kafka.pid"
    # exec: the caller's child process is the JVM itself, so killing it kills the broker.
    # shellcheck disable=SC2086
    exec java $HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true -cp "$LIBS/*" "${args[@]}"
  fi
  # shellcheck disable=SC2086
  setsid nohup java $HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true -cp "$LIBS/*" "${args[@]}" \
    >"$dir/kafka.out" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$dir/kafka.pid"
  local deadline=$((SECONDS + 90))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "Kafka exited during startup: $(tail -n 30 "$dir/kafka.out" "$dir/server.log" 2>/dev/null)"
    [[ $SECONDS -lt $deadline ]] || { kill "$pid"; die "Kafka did not open 127.0.0.1:$port within 90 s"; }
    sleep 0.2
  done
  echo "$pid"
}

cmd_stop() {
  local dir=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --data-dir) dir=$2; shift 2 ;;
      *) die "stop: unknown argument $1" ;;
    esac
  done
  [[ -n "$dir" ]] || die "stop needs --data-dir D"
  [[ -f "$dir/kafka.pid" ]] || { echo "reference-kafka: nothing started on $dir"; return 0; }
  local pid
  pid="$(cat "$dir/kafka.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && [[ $SECONDS -lt $deadline ]]; do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$dir/kafka.pid"
  echo "reference-kafka: stopped $pid"
}

case "${1:-}" in
  fetch) shift; cmd_fetch "$@" ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  run-class) shift; need_libs; java_run -Dlog4j2.level=WARN "$@" ;;
  libs) need_libs; echo "$LIBS" ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
