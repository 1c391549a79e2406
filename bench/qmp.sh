#!/usr/bin/env bash
# QMP client figures (not a test): query-status round trip p50/p99 of kvmctl's QmpClient against a minimal raw
# JDK SocketChannel client on the same QEMU, and pipelined versus sequential throughput.
# Usage: bench/qmp.sh [CALLS]   (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-$(scripts/find-jdk)}"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
# The benchmark classes live with the tests (target/test-classes), outside the packaged module, so this JVM runs
# kvmctl from the class path (the unnamed module: native access for ALL-UNNAMED), as an embedder without modules
# would; ./kvmctl and the tests run it as the module io.kvmctl.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.kvmctl.qmp.QmpBenchmark "$@"
