#!/usr/bin/env bash
# The cloud-init seed's write time: kvmctl's own ISO 9660 writer (build in memory + AtomicFile write with fsync)
# against xorriso -as mkisofs of the same files (the closest anchor on the machine: cloud-localds and genisoimage
# do the same job), each the median of RUNS. A figure, never a test.
#
# Usage: bench/seed-write.sh [RUNS]     (default 50; needs target/classes: ./mvnw -o -q compile)
# Prints 'kvmctl_build_ms', 'kvmctl_write_ms', 'kvmctl_total_ms', 'kvmctl_bytes', 'xorriso_ms', 'xorriso_bytes'
# and the same for a JVM started cold for one seed ('kvmctl_cold_ms'), which is what one 'kvmctl up' pays.
set -euo pipefail

runs=${1:-50}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
JAVA_HOME=$(scripts/find-jdk)
command -v xorriso >/dev/null || { echo "bench/seed-write.sh: xorriso is missing: apt-get install -y xorriso" >&2; exit 2; }
[ -d target/classes/io/kvmctl/cloudinit ] || { echo "bench/seed-write.sh: run ./mvnw -o -q compile first" >&2; exit 2; }

work=$(mktemp -d /tmp/kvmctl-seed-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/seed" "$work/out"
ssh-keygen -q -t ed25519 -N '' -C bench@host -f "$work/key"
cat >"$work/seed/user-data" <<USERDATA
#cloud-config
packages: [htop, curl]
runcmd:
  - [sh, -c, 'echo hello > /etc/motd']
users:
- name: bench
  shell: /bin/bash
  sudo: ALL=(ALL) NOPASSWD:ALL
  lock_passwd: false
  passwd: \$6\$abcdefghijklmnop\$0123456789012345678901234567890123456789012345678901234567890123456789012345678901234
  ssh_authorized_keys:
  - $(cat "$work/key.pub")
USERDATA
printf 'instance-id: kvmctl-bench\nlocal-hostname: bench\n' >"$work/seed/meta-data"

cp=target/classes:$(./mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout 2>/dev/null)
"$JAVA_HOME/bin/java" -cp "$cp" bench/SeedWrite.java "$work/out" "$runs" "$work/seed/meta-data" "$work/seed/user-data"

start=$(date +%s%N)
"$JAVA_HOME/bin/java" -cp "$cp" bench/SeedWrite.java "$work/out" 1 "$work/seed/meta-data" "$work/seed/user-data" \
  >/dev/null
echo "kvmctl_cold_ms $(( ($(date +%s%N) - start) / 1000000 )) (a JVM started for one seed, source compiled too)"

times=()
for _ in $(seq "$runs"); do
  t0=$(date +%s%N)
  xorriso -as mkisofs -quiet -output "$work/xorriso.iso" -volid cidata -joliet -rock \
    "$work/seed/user-data" "$work/seed/meta-data" 2>/dev/null
  times+=($(( ($(date +%s%N) - t0) / 1000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( runs / 2 + 1 ))p")
printf 'xorriso_ms %d.%03d\n' $(( median / 1000 )) $(( median % 1000 ))
echo "xorriso_bytes $(stat -c %s "$work/xorriso.iso")"
echo "load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
