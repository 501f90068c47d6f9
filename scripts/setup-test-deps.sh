#!/usr/bin/env bash
# Installs the system packages the test suites need: the real Kafka clients the
# engine is checked against (kcat, confluent-kafka-python, kafka-python, sarama)
# and Debian's Chromium for Playwright. Idempotent: packages already present are
# skipped and `apt-get update` runs only when something is missing. Without root
# or apt it only reports what is missing; the tests for a missing client then
# skip themselves with a message saying so.
set -uo pipefail

# package -> why the tests need it
declare -A WHY=(
  [kcat]="kcat (librdkafka) compatibility tests"
  [python3-confluent-kafka]="confluent-kafka-python (librdkafka) tests"
  [python3-kafka]="kafka-python 2.0.2 tests"
  [python3-snappy]="kafka-python snappy compression tests"
  [python3-lz4]="kafka-python lz4 compression tests"
  [python3-zstandard]="kafka-python zstd compression tests"
  [golang-go]="building the sarama test program"
  [golang-github-shopify-sarama-dev]="sarama 1.22.1 tests (Go source under /usr/share/gocode)"
  [chromium]="Playwright end-to-end tests (/usr/bin/chromium)"
)
PACKAGES=(kcat python3-confluent-kafka python3-kafka python3-snappy python3-lz4 python3-zstandard golang-go golang-github-shopify-sarama-dev chromium)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done
# A package can be "installed" but its binary gone (or vice versa); trust the binary for chromium.
if [[ ! -x /usr/bin/chromium ]] && [[ ! " ${missing[*]} " == *" chromium "* ]]; then
  missing+=(chromium)
fi

after_apt() {
  bash "$(dirname "$0")/reference-kafka/reference-kafka.sh" fetch || echo "setup-test-deps: reference Kafka not fetched (test/diff and bench --vs-kafka will skip)"
  # The modern client drivers (Java kafka-clients 4.x, confluent-kafka 2.x, kafka-python 3.x, franz-go, sarama).
  bash "$(dirname "$0")/clients/setup.sh" >/dev/null || echo "setup-test-deps: client drivers not set up (their tests will skip)"
}
trap after_apt EXIT # after apt, on every exit path
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup-test-deps: all test dependencies present"
  exit 0
fi

echo "setup-test-deps: missing: ${missing[*]}"
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-test-deps: not root or no apt-get; not installing. Tests that need these will be skipped:"
  for pkg in "${missing[@]}"; do echo "  - $pkg: ${WHY[$pkg]}"; done
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# Another apt/dpkg run (e.g. a second engineer installing something) holds the
# lock: wait for it rather than failing.
APT=(apt-get -o DPkg::Lock::Timeout=900 -o Acquire::Retries=3)

apt_install() {
  local out
  out=$("${APT[@]}" install -y "$@" 2>&1)
  local rc=$?
  echo "$out" | tail -n 5
  if [[ $rc -ne 0 ]] && grep -q 'dpkg --configure -a' <<<"$out"; then
    # An earlier dpkg run was interrupted; finish it, then retry once.
    dpkg --configure -a || true
    "${APT[@]}" install -y "$@" 2>&1 | tail -n 5
    return "${PIPESTATUS[0]}"
  fi
  return $rc
}

echo "setup-test-deps: apt-get update"
"${APT[@]}" update -qq || echo "setup-test-deps: apt-get update failed (continuing)"

echo "setup-test-deps: apt-get install ${missing[*]}"
if ! apt_install "${missing[@]}"; then
  # One unavailable package must not block the others: retry one at a time.
  for pkg in "${missing[@]}"; do
    installed "$pkg" || apt_install "$pkg" || echo "setup-test-deps: could not install $pkg (${WHY[$pkg]})"
  done
fi

still=()
for pkg in "${missing[@]}"; do installed "$pkg" || still+=("$pkg"); done
if [[ ${#still[@]} -gt 0 ]]; then
  echo "setup-test-deps: still missing after install: ${still[*]} (their tests will be skipped)"
else
  echo "setup-test-deps: installed ${missing[*]}"
fi
exit 0
