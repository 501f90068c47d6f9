#!/usr/bin/env bash
# Installs and builds the modern Kafka client drivers of test/clients/ (protocol: test/clients/README.md):
#   python   .cache/clients/venv: confluent-kafka 2.x (its wheel bundles a modern librdkafka) and
#            kafka-python 3.x with its codecs, pinned in test/clients/python/requirements.txt (PyPI)
#   java     test/clients/java (kafka-clients 4.x, Maven Central) compiled into .cache/clients/java/<hash>/,
#            Maven's repository in .cache/m2
#   python   .cache/clients/venv-registry: confluent-kafka[avro,protobuf,schemaregistry] (the Schema Registry
#            serializers), pinned in test/clients/python/requirements-registry.txt (PyPI)
#   go       test/clients/go (franz-go and IBM/sarama, Go module proxy) built into .cache/clients/go/<hash>/bin,
#            GOMODCACHE/GOCACHE/GOPATH under .cache/clients/go
#
#   setup.sh             install what is missing (network), rebuild what changed
#   setup.sh --offline   never download: rebuild changed drivers from the caches only (the test helper's mode)
#
# Idempotent and quick when nothing changed (builds are keyed by a hash of their sources). The last line
# of stdout is one JSON object: for each client its command, or why it is missing.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SRC="$ROOT/test/clients"
CACHE="$ROOT/.cache/clients"
OFFLINE=0
[[ "${1:-}" == "--offline" ]] && OFFLINE=1
mkdir -p "$CACHE"
log() { echo "clients-setup: $*" >&2; }

# Two test processes (or worktrees sharing .cache) must not build into the same folder at once.
exec 9>"$CACHE/.lock"
flock -w 600 9 || log "could not take $CACHE/.lock; continuing without it"

hash_of() { # files... -> short sha256 of their names and contents
  (cd "$ROOT" && for f in "$@"; do echo "$f"; cat "$f"; done) | sha256sum | cut -c1-16
}
json_str() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }

declare -A STATUS=()
ok() { # client, argv...
  local client=$1; shift
  local parts=() a
  for a in "$@"; do parts+=("$(json_str "$a")"); done
  STATUS[$client]="{\"command\":[$(IFS=,; echo "${parts[*]}")]}"
}
missing() { STATUS[$1]="{\"missing\":$(json_str "$2")}"; log "$1 missing: $2"; }

# ---------------------------------------------------------------- python
setup_python() {
  local venv="$CACHE/venv" req="$SRC/python/requirements.txt" want
  want="$(hash_of test/clients/python/requirements.txt)"
  if [[ "$(cat "$venv/.requirements-hash" 2>/dev/null)" != "$want" ]]; then
    if [[ $OFFLINE -eq 1 ]]; then
      missing confluent-kafka "venv not installed or stale; run scripts/clients/setup.sh"
      missing kafka-python "venv not installed or stale; run scripts/clients/setup.sh"
      return
    fi
    local py
    py="$(command -v python3 || true)"
    if [[ -z "$py" ]] || ! "$py" -c 'import sys, venv; sys.exit(sys.version_info < (3, 8))' 2>/dev/null; then
      missing confluent-kafka "no python3 >= 3.8 with venv"; missing kafka-python "no python3 >= 3.8 with venv"; return
    fi
    log "creating $venv from $req"
    rm -rf "$venv"
    if "$py" -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" >&2; then
      echo "$want" >"$venv/.requirements-hash"
    else
      missing confluent-kafka "pip install -r $req failed"; missing kafka-python "pip install -r $req failed"; return
    fi
  fi
  local script
  for script in confluent-kafka:confluent_driver.py kafka-python:kafka_python_driver.py; do
    ok "${script%%:*}" "$venv/bin/python" "$SRC/python/${script#*:}"
  done
}

# ---------------------------------------------------------------- python, Schema Registry serializers
# confluent-kafka[avro,protobuf,schemaregistry] in a venv of its own (.cache/clients/venv-registry), so changing
# it never rebuilds the drivers' venv that other tests use at the same time.
setup_python_registry() {
  local venv="$CACHE/venv-registry" req="$SRC/python/requirements-registry.txt" want py
  want="$(hash_of test/clients/python/requirements-registry.txt)"
  if [[ "$(cat "$venv/.requirements-hash" 2>/dev/null)" != "$want" ]]; then
    if [[ $OFFLINE -eq 1 ]]; then missing confluent-kafka-registry "venv-registry not installed or stale; run scripts/clients/setup.sh"; return; fi
    py="$(command -v python3 || true)"
    if [[ -z "$py" ]]; then missing confluent-kafka-registry "no python3 with venv"; return; fi
    log "creating $venv from $req"
    rm -rf "$venv"
    if "$py" -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" >&2; then
      echo "$want" >"$venv/.requirements-hash"
    else
      missing confluent-kafka-registry "pip install -r $req failed"; return
    fi
  fi
  ok confluent-kafka-registry "$venv/bin/python" "$SRC/python/registry_roundtrip.py"
}

# ---------------------------------------------------------------- java
setup_java() {
  command -v java >/dev/null 2>&1 || { missing java "java not found (JDK 17+)"; return; }
  local files hash out
  mapfile -t files < <(cd "$ROOT" && find test/clients/java -path '*/target' -prune -o -type f \( -name pom.xml -o -name '*.java' \) -print | sort)
  hash="$(hash_of "${files[@]}")"
  out="$CACHE/java/$hash"
  if [[ ! -f "$out/.complete" ]]; then
    command -v mvn >/dev/null 2>&1 || { missing java "mvn not found (apt-get install maven)"; return; }
    local mvn=(mvn -q -B -f "$SRC/java/pom.xml" -Dmaven.repo.local="$ROOT/.cache/m2" -Dbuild.dir="$out"
      compile dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$out/lib")
    rm -rf "$out"
    log "building the Java driver into $out"
    if ! "${mvn[@]}" -o >/dev/null 2>&1; then  # offline first: quiet, the online build below reports
      [[ $OFFLINE -eq 1 ]] && { missing java "Java driver not built and its Maven artifacts not cached; run scripts/clients/setup.sh"; return; }
      rm -rf "$out"
      "${mvn[@]}" >&2 || { missing java "maven could not build test/clients/java"; return; }
    fi
    touch "$out/.complete"
  fi
  ok java java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.logFile=System.err -cp "$out/classes:$out/lib/*" dev.kafkadesk.clients.Driver
}

# ---------------------------------------------------------------- go
setup_go() {
  command -v go >/dev/null 2>&1 || { missing franz-go "go not found"; missing sarama "go not found"; return; }
  local files hash out
  mapfile -t files < <(cd "$ROOT" && find test/clients/go -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) | sort)
  hash="$(hash_of "${files[@]}")"
  out="$CACHE/go/$hash"
  if [[ ! -f "$out/.complete" ]]; then
    local env=(GOMODCACHE="$CACHE/go/mod" GOCACHE="$CACHE/go/build" GOPATH="$CACHE/go/path" GOFLAGS=-mod=readonly GOTOOLCHAIN=local GO111MODULE=on)
    [[ $OFFLINE -eq 1 ]] && env+=(GOPROXY=off)
    log "building the Go drivers into $out"
    rm -rf "$out"
    if ! (cd "$SRC/go" && env "${env[@]}" go build -o "$out/bin/" ./cmd/... >&2); then
      missing franz-go "go build of test/clients/go failed (modules not cached? run scripts/clients/setup.sh)"
      missing sarama "go build of test/clients/go failed"
      return
    fi
    touch "$out/.complete"
  fi
  ok franz-go "$out/bin/franz"
  ok sarama "$out/bin/sarama"
}

setup_python
setup_python_registry
setup_java
setup_go

first=1
printf '{'
for client in java confluent-kafka kafka-python franz-go sarama confluent-kafka-registry; do
  [[ $first -eq 1 ]] || printf ','
  first=0
  printf '%s:%s' "$(json_str "$client")" "${STATUS[$client]:-"{\"missing\":\"not set up\"}"}"
done
printf '}\n'
