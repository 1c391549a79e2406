#!/usr/bin/env bash
# Live migration figures for a 1 GiB Linux guest (TCG) on loopback TCP: total time and downtime with kvmctl's
# defaults (no bandwidth limit) against QEMU's own defaults (nothing set: max-bandwidth 128 MiB/s), in the same
# run, and the raw loopback TCP copy rate of the same number of bytes as the ceiling to approach.
# Then 'migrate --local' on 1 GiB and 4 GiB guests, each filled the same way: copying (memory_backend: private)
# against handing the memory over (memory_backend: shared), with QEMU's total time and downtime, the pause the
# guest sees (source stopped to destination running) and the whole command's wall-clock time.
# A benchmark, not a test: it asserts nothing. Needs the test images (make images). Usage: bench/migrate.sh [FILL_MIB]
set -euo pipefail
cd "$(dirname "$0")/.."
fill_mib=${1:-640}
kvmctl=$PWD/kvmctl
work=$(mktemp -d /tmp/kvmctl-bench-migrate.XXXXXX)
export KVMCTL_RUNTIME_DIR=$work/run
cleanup() {
  for n in $("$kvmctl" list 2>/dev/null | awk 'NR>1 {print $1}'); do "$kvmctl" down --force "$n" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# set -e alone would leave silently when, say, a 'read' gets no line: say where it stopped.
trap 'echo "bench/migrate.sh: stopped at line $LINENO: $BASH_COMMAND (exit $?)" >&2' ERR

# The guest fills FILL_MIB of its RAM with incompressible data (16 MiB from urandom, copied), so the migration
# moves real pages rather than zero pages, then idles with its heartbeat.
cat >"$work/bench.yaml" <<YAML
name: bench
accel: tcg
memory: 1G
boot:
  kernel: $PWD/test-images/out/linux/vmlinuz
  initrd: $PWD/test-images/out/linux/initramfs.cpio.gz
  append: 'console=ttyS0 quiet kvmctl.heartbeat=1 kvmctl.dhcp=0 kvmctl.run="dd if=/dev/urandom of=/tmp/seed bs=1M count=16 2>/dev/null; i=0; while [ \$i -lt $((fill_mib / 16)) ]; do cat /tmp/seed > /tmp/fill\$i; i=\$((i+1)); done"'
YAML

start_filled_source() {
  "$kvmctl" up "${2:-$work/bench.yaml}" --name "$1" >/dev/null
  for _ in $(seq 600); do
    grep -q 'run exited' "$KVMCTL_RUNTIME_DIR/$1/serial.log" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "the guest did not finish filling its RAM within 300 s" >&2
  exit 1
}

# Raw QMP on the user monitor, nothing set: QEMU's defaults. Prints "total_ms downtime_ms bytes".
qemu_default_migrate() {
  python3 - "$KVMCTL_RUNTIME_DIR/$1/monitor.sock" "$2" <<'PY'
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
def cmd(name, args=None):
    f.write(json.dumps({"execute": name, **({"arguments": args} if args else {})}) + "\n"); f.flush()
    while True:
        m = json.loads(f.readline())
        if "return" in m or "error" in m:
            return m
f.readline(); cmd("qmp_capabilities")
cmd("migrate", {"uri": sys.argv[2]})
while True:
    r = cmd("query-migrate")["return"]
    if r["status"] in ("completed", "failed", "cancelled"):
        break
    time.sleep(0.1)
if r["status"] != "completed":
    sys.exit("QEMU-defaults migration " + r["status"] + ": " + r.get("error-desc", ""))
print(r["total-time"], r["downtime"], r["ram"]["transferred"])
PY
}

# Sends N bytes over loopback TCP, 1 MiB writes; prints MiB/s.
loopback_copy() {
  python3 - "$1" <<'PY'
import socket, sys, threading, time
n = int(sys.argv[1]); buf = bytearray(b"\xa5" * (1 << 20))
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
got = [0]
def sink():
    c, _ = srv.accept(); b = bytearray(1 << 20)
    while True:
        k = c.recv_into(b)
        if not k: break
        got[0] += k
t = threading.Thread(target=sink); t.start()
c = socket.create_connection(srv.getsockname()); start = time.monotonic(); left = n
while left > 0:
    k = min(left, len(buf)); c.sendall(memoryview(buf)[:k]); left -= k
c.close(); t.join(); secs = time.monotonic() - start
print("%.0f" % (got[0] / secs / 1048576))
PY
}

port=$((20000 + RANDOM % 20000))
echo "kvmctl migrate benchmark: 1 GiB guest under TCG, ${fill_mib} MiB filled, loopback TCP, $(nproc) cores"

start_filled_source src1
# KVMCTL_MIGRATE_OPTS adds options to kvmctl's run (both ends), e.g. "--multifd 2" or "--downtime-limit 50ms".
"$kvmctl" up "$work/bench.yaml" --name dst1 --incoming defer >/dev/null
# shellcheck disable=SC2086
"$kvmctl" migrate dst1 --listen "tcp:127.0.0.1:$port" ${KVMCTL_MIGRATE_OPTS:-} >/dev/null
# shellcheck disable=SC2086
json=$("$kvmctl" migrate src1 --to "tcp:127.0.0.1:$port" --json ${KVMCTL_MIGRATE_OPTS:-})
read -r k_total k_down k_bytes k_setup < <(python3 -c 'import json,sys; s=json.loads(sys.argv[1])["stats"]; ms=lambda k: round((s[k] or 0)*1000); print(ms("total_time_seconds"), ms("downtime_seconds"), s["ram_transferred_bytes"], ms("setup_time_seconds"))' "$json")
"$kvmctl" down --force dst1 >/dev/null

start_filled_source src2
port2=$((port + 1))
"$kvmctl" up "$work/bench.yaml" --name dst2 --incoming "tcp:127.0.0.1:$port2" >/dev/null
read -r q_total q_down q_bytes < <(qemu_default_migrate src2 "tcp:127.0.0.1:$port2")
"$kvmctl" down --force src2 >/dev/null
"$kvmctl" down --force dst2 >/dev/null

raw=$(loopback_copy "$k_bytes")
mib() { echo $(($1 / 1048576)); }
printf '%-34s %10s %10s %10s %10s\n' "" "total ms" "downtime" "MiB sent" "MiB/s"
printf '%-34s %10d %10d %10d %10d\n' "kvmctl ${KVMCTL_MIGRATE_OPTS:-defaults (no limit)}" "$k_total" "$k_down" "$(mib "$k_bytes")" $((k_bytes * 1000 / 1048576 / (k_total > 0 ? k_total : 1)))
printf '%-34s %10d %10d %10d %10d\n' "QEMU defaults (128 MiB/s cap)" "$q_total" "$q_down" "$(mib "$q_bytes")" $((q_bytes * 1000 / 1048576 / (q_total > 0 ? q_total : 1)))
printf '%-34s %10s %10s %10d %10d\n' "raw loopback TCP copy, same bytes" "" "" "$(mib "$k_bytes")" "$raw"
echo "kvmctl/QEMU total time: $(python3 -c "print('%.2f' % ($k_total / $q_total))")   (kvmctl setup ${k_setup} ms)"

# migrate --local: copying against handing over, per RAM size. The profiles differ in memory and memory_backend only.
local_row() { # NAME LABEL: migrates VM NAME --local, prints one row
  local start end json
  start=$(date +%s%N)
  json=$("$kvmctl" migrate "$1" --local --json 2>/dev/null)
  end=$(date +%s%N)
  python3 - "$json" "$2" $(((end - start) / 1000000)) <<'PY'
import json, re, sys
r = json.loads(sys.argv[1]); s = r["stats"]; ms = lambda k: round((s[k] or 0) * 1000)
m = re.search(r"guest paused (\d+) ms", r["explanation"])
print("%-34s %10d %10d %10s %10d %10d" % (sys.argv[2], ms("total_time_seconds"), ms("downtime_seconds"),
      m.group(1) if m else "-", s["ram_transferred_bytes"] >> 20, int(sys.argv[3])))
PY
}
echo
echo "migrate --local (guest pause: source STOP to destination RESUME, QEMU's event times; wall: the whole command)"
printf '%-34s %10s %10s %10s %10s %10s\n' "" "total ms" "downtime" "pause ms" "MiB sent" "wall ms"
for size in 1G 4G; do
  for backend in private shared; do
    sed -e "s/^memory: .*/memory: $size/" "$work/bench.yaml" >"$work/local-$size-$backend.yaml"
    echo "memory_backend: $backend" >>"$work/local-$size-$backend.yaml"
    start_filled_source "l$size$backend" "$work/local-$size-$backend.yaml"
    local_row "l$size$backend" "$size, $backend ($([ $backend = shared ] && echo handed over || echo copied))"
    "$kvmctl" down --force "l$size$backend" >/dev/null
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
