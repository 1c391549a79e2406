#!/usr/bin/env bash
# Figures for `kvmctl probe` (a benchmark, not a test: it prints, never asserts). Prints:
#   - probe wall time (median of N runs) with and without the AOT cache, against a hello-world on the same JVM and
#     flags (the floor for any Java CLI), and against virt-host-validate / kvm-ok when installed;
#   - the I/O-exit round trip of the Java guest loop against the same loop in C (bench/exit_loop.c).
# Usage: bench/probe.sh [RUNS]   (default 7)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
runs=${1:-7}
JAVA_HOME=$("$root/scripts/find-jdk"); export JAVA_HOME
java="$JAVA_HOME/bin/java"
jar="$root/target/kvmctl.jar"
aot="$root/target/kvmctl.aot"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
[ -f "$jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
# kvmctl's JVM exactly as ./kvmctl starts it (the module io.kvmctl, its module path and flags), or the AOT cache
# trained by scripts/train-aot would not be used.
source "$root/scripts/kvmctl-jvm.sh"
flags=("${kvmctl_jvm_opts[@]}")
kvmctl=("${kvmctl_jvm_main[@]}")

median_ms() { # runs "$@" $runs times, prints the median wall time in ms
  local t=()
  for _ in $(seq "$runs"); do
    local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
    t+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

cat >"$tmp/Hello.java" <<'J'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
J
"$JAVA_HOME/bin/javac" -d "$tmp" "$tmp/Hello.java"

[ -f "$aot" ] && [ "$aot" -nt "$jar" ] || "$root/scripts/train-aot" >/dev/null
floor=$(median_ms "$java" "${kvmctl_jvm_tuning[@]}" -cp "$tmp" Hello)
noaot=$(median_ms "$java" "${flags[@]}" "${kvmctl[@]}" probe)
withaot=$(median_ms "$java" "${flags[@]}" -XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off "${kvmctl[@]}" probe)
json=$(median_ms "$java" "${flags[@]}" -XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off "${kvmctl[@]}" probe --json)
norun=$(median_ms "$java" "${flags[@]}" -XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off "${kvmctl[@]}" probe --no-run)
echo "jvm_floor_hello_ms        $floor"
echo "probe_ms_no_aot           $noaot  ($(awk "BEGIN{printf \"%.2f\", $noaot/$floor}")x floor)"
echo "probe_ms_aot              $withaot  ($(awk "BEGIN{printf \"%.2f\", $withaot/$floor}")x floor)"
echo "probe_json_ms_aot         $json"
echo "probe_no_run_ms_aot       $norun  ($(awk "BEGIN{printf \"%.2f\", $norun/$floor}")x floor)"
if command -v virt-host-validate >/dev/null; then echo "virt_host_validate_ms     $(median_ms virt-host-validate qemu)"; else echo "virt_host_validate_ms     (not installed)"; fi
if command -v kvm-ok >/dev/null; then echo "kvm_ok_ms                 $(median_ms kvm-ok)"; else echo "kvm_ok_ms                 (not installed)"; fi

# The exit loop: C and Java interleaved, 20000 exits each, median of the per-run averages.
gcc -O2 -Wall -o "$tmp/exit_loop" "$root/bench/exit_loop.c"
c=() j=()
for _ in $(seq "$runs"); do
  c+=($("$tmp/exit_loop" 20000 | awk '{print $2}'))
  j+=($("$java" "${flags[@]}" -XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off "${kvmctl[@]}" probe --json --exits 20000 \
      | sed -n 's/.*"io_exit_round_trip_ns" : \([0-9]*\).*/\1/p'))
done
cm=$(printf '%s\n' "${c[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
jm=$(printf '%s\n' "${j[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
echo "c_exit_ns_median          $cm   (all: ${c[*]})"
echo "java_exit_ns_median       $jm   (all: ${j[*]})"
echo "java_over_c               $(awk "BEGIN{printf \"%.2f\", $jm/$cm}")x"
echo "load_average              $(cut -d' ' -f1-3 /proc/loadavg)  (other work on the machine skews all figures)"
