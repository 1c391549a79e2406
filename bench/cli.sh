#!/usr/bin/env bash
# What one kvmctl call costs (a benchmark, not a test: it prints, never asserts). Each command is run RUNS times
# (default 20), all commands taking turns so that the machine's drift spreads evenly, and the median wall time is
# printed beside the floor: a hello world on the same JDK with the same flags (what any Java CLI pays to start),
# and `qemu-img --version` (a C program) for scale.
#
# Measured as users run it: through ./kvmctl (the launcher's own work counts), and through an installed kvmctl
# when KVMCTL_INSTALLED names one (e.g. KVMCTL_INSTALLED=/usr/local/bin/kvmctl after make install).
# The VMs for `list` (10 VMs), `status` and `qmp` are small disk-less TCG VMs in a private runtime root.
# Usage: bench/cli.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
runs=${1:-20}
JAVA_HOME=$("$root/scripts/find-jdk"); export JAVA_HOME
source "$root/scripts/kvmctl-jvm.sh"
tmp=$(mktemp -d)
vms=()
cleanup() {
  for vm in "${vms[@]}"; do "$root/kvmctl" down "$vm" --force >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

"$root/kvmctl" --version >/dev/null  # builds the jar and trains the AOT cache when the sources changed
# A jar built by other means (make, mvnw) leaves the cache older than the jar, and unused: train it.
[ "$root/target/kvmctl.aot" -nt "$root/target/kvmctl.jar" ] || "$root/scripts/train-aot" >/dev/null
cat >"$tmp/Hello.java" <<'J'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
J
"$JAVA_HOME/bin/javac" -d "$tmp" "$tmp/Hello.java"

export KVMCTL_RUNTIME_DIR="$tmp/run" KVMCTL_STORE_DIR="$tmp/store" KVMCTL_DATA_DIR="$tmp/data" \
  KVMCTL_LOG_DIR="$tmp/log" KVMCTL_SYSTEMD_UNIT_DIR="$tmp/units" XDG_CACHE_HOME="$tmp/cache"
mkdir -p -m 700 "$KVMCTL_RUNTIME_DIR" "$tmp/empty"
printf 'name: bench\naccel: tcg\nmemory: 32M\n' >"$tmp/vm.yaml"

# name|command: every row is timed in each round
rows=(
  "hello world (floor)|$JAVA_HOME/bin/java ${kvmctl_jvm_tuning[*]} -cp $tmp Hello"
  "qemu-img --version|qemu-img --version"
)
add_rows() { # $1 = label prefix, $2 = the kvmctl to run
  rows+=(
    "$1 --version|$2 --version"
    "$1 list (0 VMs)|env KVMCTL_RUNTIME_DIR=$tmp/empty $2 list"
    "$1 list (10 VMs)|$2 list"
    "$1 status NAME|$2 status bench0"
    "$1 cmdline PROFILE|$2 cmdline $tmp/vm.yaml"
    "$1 probe --no-run|$2 probe --no-run"
    "$1 probe|$2 probe"
    "$1 qmp NAME query-status|$2 qmp bench0 query-status"
  )
}
add_rows "./kvmctl" "$root/kvmctl"
[ -n "${KVMCTL_INSTALLED:-}" ] && add_rows "installed" "$KVMCTL_INSTALLED"

for i in $(seq 0 9); do
  "$root/kvmctl" up "$tmp/vm.yaml" --name "bench$i" >/dev/null
  vms+=("bench$i")
done
"$root/kvmctl" qmp bench0 query-status >/dev/null  # fills the QMP schema cache, as any earlier call would

declare -A times
for _ in $(seq "$runs"); do
  for row in "${rows[@]}"; do
    name=${row%%|*} cmd=${row#*|}
    s=$(date +%s%N)
    # shellcheck disable=SC2086
    $cmd >/dev/null 2>&1 || true
    e=$(date +%s%N)
    times[$name]+="$(( (e - s) / 1000 )) "
  done
done

median_ms() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END{m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1000}'; }
floor=$(median_ms "${times[hello world (floor)]}")
printf '%-34s %9s %9s\n' "command (median of $runs)" "ms" "x floor"
for row in "${rows[@]}"; do
  name=${row%%|*}
  m=$(median_ms "${times[$name]}")
  printf '%-34s %9s %9s\n' "$name" "$m" "$(awk "BEGIN{printf \"%.2f\", $m/$floor}")"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
