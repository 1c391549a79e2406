#!/usr/bin/env bash
# Boots the Debian test disk (test-images/build debian) with bare QEMU under TCG, with a cloud-init NoCloud seed and
# the guest agent, and prints how long each step took from QEMU's start: GRUB on the serial port, the login prompt,
# ssh through a user-network forward answering 'uname -n' with the seed's hostname, and guest-ping. A figure for
# the README and for comparing kvmctl's own 'up --wait ssh' with; never a test.
#
# Usage: bench/debian-boot.sh bios|uefi [QEMU]     (default QEMU: qemu-system-x86_64 from PATH)
# Prints the QEMU argv used, then lines 'grub_s N', 'login_s N', 'ssh_s N', 'agent_s N'.
set -euo pipefail

firmware=${1:?usage: bench/debian-boot.sh bios|uefi [QEMU]}
qemu=${2:-qemu-system-x86_64}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
disk=${DEBIAN_DISK:-$here/test-images/out/debian/bookworm.qcow2} # DEBIAN_DISK: another build of it
[ -f "$disk" ] || { echo "bench/debian-boot.sh: $disk is missing: test-images/build debian (as root)" >&2; exit 2; }
command -v xorriso >/dev/null || { echo "bench/debian-boot.sh: xorriso is missing: apt-get install -y xorriso" >&2; exit 2; }

work=$(mktemp -d /tmp/kvmctl-debian-boot.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# The seed: the hostname and a user with a fresh key, on an ISO 9660 volume labeled cidata.
ssh-keygen -q -t ed25519 -N '' -f "$work/key"
mkdir "$work/seed"
cat >"$work/seed/user-data" <<USERDATA
#cloud-config
hostname: bench-vm
users:
  - name: bench
    sudo: ALL=(ALL) NOPASSWD:ALL
    shell: /bin/bash
    ssh_authorized_keys:
      - $(cat "$work/key.pub")
USERDATA
printf 'instance-id: bench-%s\nlocal-hostname: bench-vm\n' "$$" >"$work/seed/meta-data"
xorriso -as mkisofs -quiet -output "$work/seed.iso" -volid cidata -joliet -rock \
  "$work/seed/user-data" "$work/seed/meta-data" 2>/dev/null

qemu-img create -q -f qcow2 -F qcow2 -b "$disk" "$work/overlay.qcow2"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fw=()
if [ "$firmware" = uefi ]; then
  code=/usr/share/OVMF/OVMF_CODE_4M.fd vars=/usr/share/OVMF/OVMF_VARS_4M.fd
  [ -f "$code" ] || { echo "bench/debian-boot.sh: $code is missing: apt-get install -y ovmf" >&2; exit 2; }
  cp "$vars" "$work/vars.fd" # the VM's own variable store, written by the firmware
  fw=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=$code" -drive "if=pflash,format=raw,unit=1,file=$work/vars.fd")
fi
argv=("$qemu" -accel tcg -machine q35 -m 1G -nodefaults -display none "${fw[@]}"
  -drive "file=$work/overlay.qcow2,format=qcow2,if=virtio"
  -drive "file=$work/seed.iso,format=raw,if=virtio,readonly=on"
  -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" -device virtio-net-pci,netdev=n0
  -chardev "socket,path=$work/qga.sock,server=on,wait=off,id=qga0"
  -device virtio-serial -device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0
  -serial "file:$work/serial.log")
printf '%q ' "${argv[@]}"; echo
start=$(date +%s.%N)
"${argv[@]}" >"$work/qemu.log" 2>&1 &
pid=$!
since() { echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f'; }
ssh_opts=(-i "$work/key" -p "$port" -o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=no
  -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR)
grub= login= ssh_ok=
deadline=$((SECONDS + 600))
while [ -z "$ssh_ok" ]; do
  [ $SECONDS -lt $deadline ] || { echo "no ssh within 600 s; serial tail:" >&2; tail -c 2000 "$work/serial.log" >&2; exit 1; }
  kill -0 "$pid" 2>/dev/null || { echo "QEMU exited:" >&2; cat "$work/qemu.log" >&2; exit 1; }
  [ -z "$grub" ] && grep -qas 'GNU GRUB' "$work/serial.log" && grub=$(since) && echo "grub_s $grub"
  [ -z "$login" ] && grep -qas 'login: ' "$work/serial.log" && login=$(since) && echo "login_s $login"
  if [ -n "$login" ] && name=$(ssh "${ssh_opts[@]}" bench@127.0.0.1 uname -n 2>/dev/null); then
    [ "$name" = bench-vm ] || { echo "ssh answered uname -n with '$name', not the seed's bench-vm" >&2; exit 1; }
    ssh_ok=$(since) && echo "ssh_s $ssh_ok"
  fi
  sleep 1
done
# guest-sync first (the agent answers with the id, so no stale reply is taken), then guest-ping.
python3 - "$work/qga.sock" <<'PING' || exit 1
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(30)
s.connect(sys.argv[1])
f = s.makefile("rw")
for cmd in ({"execute": "guest-sync", "arguments": {"id": 4711}}, {"execute": "guest-ping"}):
    f.write(json.dumps(cmd) + "\n"); f.flush()
    reply = json.loads(f.readline())
    if "return" not in reply:
        sys.exit(f"{cmd['execute']}: {reply}")
PING
echo "agent_s $(since)"
