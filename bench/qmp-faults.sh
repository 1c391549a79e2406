#!/usr/bin/env bash
# Figures for QMP under QEMU faults (a benchmark, not a test: the figures are printed, never asserted):
#   - SIGKILL with 16 commands pending: how long after the kill each pending call failed (p50/p99/max,
#     and how many over the 100 ms target), threads and fds of the JVM before and after all rounds;
#   - SIGSTOP: how far past the configured 300 ms timeout each call returned; recovery after SIGCONT.
# Runs io.kvmctl.qmp.QmpFaultsIT with more rounds, against $KVMCTL_QEMU or the system QEMU.
# Usage: bench/qmp-faults.sh [ROUNDS]   (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=$(scripts/find-jdk)
qemu=${KVMCTL_QEMU:-/usr/bin/qemu-system-x86_64}
scripts/test-with-qemu "$qemu" -Dit.test=QmpFaultsIT -Dkvmctl.faults.rounds="${1:-100}" 2>&1 \
  | grep -E '^qmp-faults:|^== |Tests run:.*Fail' | grep -v 'Time elapsed' || true
