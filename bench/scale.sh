#!/usr/bin/env bash
# Many VMs at once (a benchmark, not a test: it prints figures and asserts nothing; wrong, lost or failed replies
# are counted and printed). Starts boot-sector guests (hello.img, KVM, 16M, paused unless --running) first from
# one JVM through Vm.start, then through ./kvmctl up/list/qmp/script/down, in private runtime roots under /tmp.
# Everything it started is killed and removed at the end, also on failure or Ctrl-C.
# Usage: bench/scale.sh [--vms N] [--commands N] [--threads N] [--parallel N] [--cli-parallel N] [--running] [--api-only|--cli-only]
#   defaults: 100 VMs, 10000 commands, 8 threads sending, 4 VMs started/stopped at a time in-process, 2 kvmctl
#   commands (JVMs) at a time on the CLI side.
# SCALE_JAVA_OPTS: extra JVM options, e.g. -XX:NativeMemoryTracking=summary (then the per-VM memory is broken down).
# Needs the test images (make images), /dev/kvm and /usr/bin/time (GNU time, for the CLI's peak RSS).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=$(scripts/find-jdk)
./mvnw -B -q -DskipTests test-compile package
cp=$(./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)

work=$(mktemp -d /tmp/kvmctl-scale-XXXXXX)
cleanup() {
  # The Java side kills what it started; this catches a JVM that was itself killed. Each state.json names the
  # supervisor sh, which leads the process group of its QEMU.
  for f in "$work"/*/*/state.json; do
    [ -f "$f" ] || continue
    pid=$(sed -n 's/.*"supervisorPid" *: *\([0-9][0-9]*\).*/\1/p' "$f")
    [ -n "$pid" ] && kill -KILL -- "-$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The benchmark classes live with the tests (target/test-classes), outside the packaged module, so this JVM runs
# kvmctl from the class path (the unnamed module: native access for ALL-UNNAMED), as an embedder without modules
# would; ./kvmctl and the tests run it as the module io.kvmctl.
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${SCALE_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$cp" \
  io.kvmctl.bench.ScaleBenchmark --work "$work" "$@"
