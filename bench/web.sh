#!/usr/bin/env bash
# kvmctl web with many VMs on one page (a benchmark, not a test: it prints figures and asserts nothing): a real
# `kvmctl web`, headless Chromium on the VM list, and boot-sector guests (hello.img, TCG, 16M, running) started
# from one JVM, measured with no VM, one VM (the baseline) and N VMs: the server's and the browser's CPU with the
# page open and idle, the server's memory, threads and fds (per VM), and how long a pause takes to reach the page.
# Usage: bench/web.sh [--vms N] [--idle-seconds S] [--rounds R]   (defaults 50, 30, 20)
# Needs the test images (make images), chromium and chromium-driver (make deps).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=$(scripts/find-jdk)
./mvnw -B -q -DskipTests test-compile package
cp=$(./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
# The benchmark runs from the class path; the kvmctl web it starts runs as ./kvmctl does, as the module io.kvmctl
# of the packaged jar (with the bundled pages) and its dependencies in target/lib.
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dkvmctl.bench.modulePath=target/kvmctl.jar:target/lib \
  -cp "target/test-classes:target/classes:$cp" io.kvmctl.web.WebBenchmark "$@"
