#!/usr/bin/env bash
# From one command to a working ssh login, for BIOS and UEFI under TCG: kvmctl's 'create --image --ssh --wait ssh'
# against the closest anchor this machine can run, virt-install --import (a cloud-localds seed) against a libvirt daemon
# started by hand for the run. Same guest image, QEMU binary, memory and vCPUs for both; a throwaway ssh key and
# private directories, so nothing of the user's (VMs, keys, libvirt domains) is read or touched. A figure for
# docs/running-vms.md, printed side by side with its anchor measured in the same run; never a test.
#
# Usage: bench/create-to-ssh.sh [--qemu PATH] [--rounds N] [--firmware bios|uefi|both] [--timeout SECONDS]
#   --qemu      the QEMU for both (default: test-images/out/qemu-10/bin/qemu-system-x86_64, else the one on PATH)
#   --rounds    rounds per firmware, kvmctl and anchor taking turns (default 1; each boot is 1-3 minutes under TCG)
#   --timeout   how long one boot may take to an ssh login (default 600)
# Environment: DEBIAN_DISK, another build of test-images/out/debian/bookworm.qcow2.
# Prints a line per boot as it ends, then a table: firmware | kvmctl create->ssh (s) | anchor (s) | load at start.
#
# libvirt is never a dependency of kvmctl; the anchor runs only where virt-install and libvirtd are installed, and
# is reported skipped otherwise. libvirtd runs in session mode (qemu:///session) as the unprivileged user 'nobody'
# with its config, sockets and domains under the run's temporary directory: the system daemon's config, its
# domains and the image's ownership stay as they are (system mode would chown the backing image to libvirt-qemu).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
qemu=$here/test-images/out/qemu-10/bin/qemu-system-x86_64
[ -x "$qemu" ] || qemu=$(command -v qemu-system-x86_64 || true)
rounds=1 firmwares=(bios uefi) timeout=600
while [ $# -gt 0 ]; do
  case $1 in
    --qemu) qemu=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --firmware) [ "$2" = both ] && firmwares=(bios uefi) || firmwares=("$2"); shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    *) sed -n '9,15p' "$0" >&2; exit 2 ;;
  esac
done
image=${DEBIAN_DISK:-$here/test-images/out/debian/bookworm.qcow2}
memory_mib=1024 cpus=2 # the same for both sides
ovmf_code=/usr/share/OVMF/OVMF_CODE_4M.fd ovmf_vars=/usr/share/OVMF/OVMF_VARS_4M.fd

die() { echo "bench/create-to-ssh.sh: $*" >&2; exit 2; }
[ -f "$image" ] || die "$image is missing: test-images/build debian (as root)"
[ -x "$qemu" ] || die "no QEMU: give --qemu PATH"
command -v xorriso >/dev/null || die "xorriso is missing (the anchor's seed): apt-get install -y xorriso"
export JAVA_HOME=${JAVA_HOME:-$("$here/scripts/find-jdk")}

work=$(mktemp -d /tmp/kvmctl-create-ssh.XXXXXX)
chmod 755 "$work" # the anchor's libvirtd runs as nobody and reads its part of it
kvmctl_vms=() libvirt_domains=() libvirtd_pid=
nobody=65534

# Everything this run started goes, whatever ends it: kvmctl VMs (down, then --force), libvirt domains, the
# session libvirtd, the temporary directory. Ctrl-C lands here through INT/TERM as well as the normal EXIT.
cleanup() {
  trap - EXIT INT TERM
  local vm dom
  for vm in "${kvmctl_vms[@]}"; do
    kvmctl down "$vm" --timeout 20 >/dev/null 2>&1 || kvmctl down "$vm" --force >/dev/null 2>&1 || true
  done
  for dom in "${libvirt_domains[@]}"; do
    as_libvirt virsh destroy "$dom" >/dev/null 2>&1 || true
    as_libvirt virsh undefine "$dom" --nvram >/dev/null 2>&1 || true
  done
  if [ -n "$libvirtd_pid" ]; then
    kill "$libvirtd_pid" 2>/dev/null || true
  fi
  rm -rf "$work" "$libvirt_home"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc | xargs printf '%.1f'; }
load() { cut -d' ' -f1 /proc/loadavg; }
seconds() { case $1 in [0-9]*) echo "$1 s" ;; *) echo "$1" ;; esac; }

# --- kvmctl --------------------------------------------------------------------------------------------------------

# kvmctl with its own data and runtime directories and HOME (so '--ssh' finds no ~/.ssh/*.pub of the user's and
# puts only the key kvmctl makes for the VM into the seed).
kvmctl() {
  HOME=$work/kvmctl-home KVMCTL_DATA_DIR=$work/kvmctl-data KVMCTL_RUNTIME_DIR=$work/kvmctl-run \
    KVMCTL_QEMU=$qemu "$here/kvmctl" "$@"
}

# One boot: the time from 'kvmctl create' to the first 'kvmctl ssh NAME -- true' that succeeds ('--wait ssh'
# should make that the first try). Prints the seconds; the VM is stopped after, outside the time.
kvmctl_round() {
  local firmware=$1 name=bench-$1-$2 start
  mkdir -p "$work/kvmctl-home"
  start=$(now)
  kvmctl create "$name" --image "$image" --ssh --accel tcg --firmware "$firmware" --memory "${memory_mib}M" \
    --cpus "$cpus" --wait ssh >"$work/$name.log" 2>&1 || { tail -20 "$work/$name.log" >&2; return 1; }
  until kvmctl ssh "$name" -- true >>"$work/$name.log" 2>&1; do
    [ "$(since "$start" | cut -d. -f1)" -lt "$timeout" ] || { tail -20 "$work/$name.log" >&2; return 1; }
    sleep 1
  done
  since "$start"
  kvmctl down "$name" >/dev/null 2>&1 || kvmctl down "$name" --force >/dev/null 2>&1 || true
}

# --- the anchor: virt-install against a session libvirtd -----------------------------------------------------------

# Its own short directory: libvirt puts the guest agent's socket under XDG_CONFIG_HOME, and a socket path over
# 108 bytes fails the domain's start.
libvirt_home=$(mktemp -d /tmp/kvlv.XXXXXX)
# libvirt's session tools as 'nobody', with every XDG directory under the run's temporary directory.
as_libvirt() {
  setpriv --reuid=$nobody --regid=$nobody --clear-groups env -i PATH="$PATH" HOME="$libvirt_home" \
    XDG_CONFIG_HOME="$libvirt_home/c" XDG_RUNTIME_DIR="$libvirt_home/run" XDG_CACHE_HOME="$libvirt_home/cache" \
    XDG_DATA_HOME="$libvirt_home/data" LIBVIRT_DEFAULT_URI=qemu:///session "$@"
}

# Why the anchor cannot run here, or nothing when it can.
anchor_missing() {
  local tool
  for tool in virt-install libvirtd virsh setpriv cloud-localds; do
    command -v "$tool" >/dev/null || {
      echo "$tool not installed: apt-get install -y --no-install-recommends virtinst libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients cloud-image-utils"
      return
    }
  done
}

# Starts the session libvirtd once for the run: a virt-install user has a daemon running already, so its start is
# not part of any figure. stdio_handler "file": QEMU's log goes to a file, no virtlogd to spawn and reap.
start_libvirtd() {
  mkdir -p "$libvirt_home"/{c/libvirt,run,cache,data,vms}
  echo 'stdio_handler = "file"' >"$libvirt_home/c/libvirt/qemu.conf"
  chown -R "$nobody:$nobody" "$libvirt_home"
  chmod 700 "$libvirt_home/run"
  as_libvirt libvirtd --daemon --pid-file "$libvirt_home/run/libvirtd.pid" >"$work/libvirtd.log" 2>&1
  local tries=0
  until as_libvirt virsh version >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ $tries -lt 30 ] || { echo "libvirtd did not answer:" >&2; cat "$work/libvirtd.log" >&2; return 1; }
    sleep 0.5
  done
  libvirtd_pid=$(cat "$libvirt_home/run/libvirtd.pid")
}

# The anchor's user-data: what a virt-install user writes for a key login (the user, its key, the hostname).
write_user_data() {
  ssh-keygen -q -t ed25519 -N '' -C bench@anchor -f "$work/anchor-key"
  cat >"$libvirt_home/user-data" <<USERDATA
#cloud-config
users:
  - name: bench
    sudo: ALL=(ALL) NOPASSWD:ALL
    shell: /bin/bash
    ssh_authorized_keys:
      - $(cat "$work/anchor-key.pub")
USERDATA
  chown "$nobody:$nobody" "$libvirt_home/user-data"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# One boot: the time from 'virt-install' (the overlay on the image made by libvirt, the seed written by
# virt-install, the domain defined and started) to the first ssh login as the seed's user. Session libvirt has no
# network of its own that the host can reach, so the NIC is QEMU's user network with a forward, the same backend
# kvmctl uses, passed through --qemu-commandline (at a fixed slot: the first free one is libvirt's). Bookworm's
# osinfo-db stops at debian11; --tpm none since osinfo asks for a swtpm that kvmctl's VM does not have either.
anchor_round() {
  local firmware=$1 name=anchor-$1-$2 port start boot size_gib seed
  port=$(free_port)
  size_gib=$(qemu-img info --output json "$image" | python3 -c 'import json,sys; print(-(-json.load(sys.stdin)["virtual-size"] // 2**30))')
  boot=()
  [ "$firmware" = uefi ] && boot=(--boot "loader=$ovmf_code,loader.readonly=yes,loader.type=pflash,nvram.template=$ovmf_vars")
  start=$(now)
  # The seed on a virtio disk, made with cloud-localds as virt-install does with genisoimage: virt-install's own
  # --cloud-init attaches it as a SATA cdrom, which the Debian cloud kernel cannot read (it has no AHCI driver),
  # so that guest never saw a seed and refused the key. kvmctl attaches its seed as virtio for the same reason.
  seed=$libvirt_home/vms/$name-seed.iso
  printf 'instance-id: %s\nlocal-hostname: %s\n' "$name" "$name" >"$work/$name-meta-data"
  cloud-localds "$seed" "$libvirt_home/user-data" "$work/$name-meta-data"
  chown "$nobody:$nobody" "$seed"
  as_libvirt virt-install --name "$name" --import --osinfo debian11 --virt-type qemu --xml "./devices/emulator=$qemu" \
    --machine q35 --memory "$memory_mib" --vcpus "$cpus" --tpm none "${boot[@]}" \
    --disk "path=$libvirt_home/vms/$name.qcow2,size=$size_gib,format=qcow2,bus=virtio,backing_store=$image,backing_format=qcow2" \
    --disk "path=$seed,device=disk,bus=virtio,format=raw,readonly=on" --network none \
    --qemu-commandline="-netdev user,id=bench0,hostfwd=tcp:127.0.0.1:$port-:22 -device virtio-net-pci,netdev=bench0,bus=pcie.0,addr=0x10" \
    --graphics none --noautoconsole >"$work/$name.log" 2>&1 || { tail -20 "$work/$name.log" >&2; return 1; }
  until ssh -i "$work/anchor-key" -p "$port" -o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR bench@127.0.0.1 true 2>>"$work/$name.log"; do
    [ "$(since "$start" | cut -d. -f1)" -lt "$timeout" ] || {
      echo "$name: no ssh login within $timeout s" >&2; tail -c 2000 "$libvirt_home/cache/libvirt/qemu/log/$name.log" >&2
      return 1
    }
    sleep 1
  done
  since "$start"
  as_libvirt virsh destroy "$name" >/dev/null 2>&1 || true
}

# --- the run -------------------------------------------------------------------------------------------------------

qemu_version=$("$qemu" --version | head -1)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "qemu: $qemu ($qemu_version)"
echo "guest: $image, ${memory_mib} MiB, $cpus vCPUs, TCG"
anchor_why=$(anchor_missing)
if [ -z "$anchor_why" ]; then
  start_libvirtd && write_user_data || anchor_why="libvirtd did not start (see above)"
fi
if [ -n "$anchor_why" ]; then
  echo "anchor: skipped ($anchor_why)"
else
  echo "anchor: virt-install $(virt-install --version) --import with a cloud-localds seed on virtio, libvirt $(libvirtd --version | awk '{print $NF}') (qemu:///session)"
fi

rows=()
for firmware in "${firmwares[@]}"; do
  for round in $(seq "$rounds"); do
    start_load=$(load)
    # The names go on the clean-up lists here: the rounds run in $(...) subshells, which cannot add to them.
    kvmctl_vms+=("bench-$firmware-$round")
    k=$(kvmctl_round "$firmware" "$round") || k=failed
    echo "$firmware round $round: kvmctl $(seconds "$k")"
    a=skipped
    if [ -z "$anchor_why" ]; then
      libvirt_domains+=("anchor-$firmware-$round")
      a=$(anchor_round "$firmware" "$round") || a=failed
      echo "$firmware round $round: anchor $(seconds "$a")"
    fi
    rows+=("$firmware|$k|$a|$start_load")
  done
done

echo
echo "| firmware | kvmctl create->ssh (s) | anchor (s) | load average at start |"
echo "|---|---|---|---|"
for row in "${rows[@]}"; do
  IFS='|' read -r f k a l <<<"$row"
  echo "| $f | $k | $a | $l |"
done
