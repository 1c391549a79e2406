#!/usr/bin/env bash
# Prints how long a VM takes from "start" to "QMP answers": bare QEMU, kvmctl's in-process API and the CLI.
# A benchmark, not a test: it asserts nothing. Needs the test images (make images) and /dev/kvm.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=$(scripts/find-jdk)
./mvnw -B -q -DskipTests test-compile package
cp=$(./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
# The benchmark classes live with the tests (target/test-classes), outside the packaged module, so this JVM runs
# kvmctl from the class path (the unnamed module: native access for ALL-UNNAMED), as an embedder without modules
# would; ./kvmctl and the tests run it as the module io.kvmctl.
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/test-classes:target/classes:$cp" \
  io.kvmctl.bench.LaunchBenchmark "${1:-20}"
