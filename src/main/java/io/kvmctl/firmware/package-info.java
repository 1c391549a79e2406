/**
 * Guest firmware: which UEFI build to run (chosen, as libvirt does, from the firmware descriptors that
 * distributions install under {@code /usr/share/qemu/firmware}), and the VM's own copy of its variable store.
 */
package io.kvmctl.firmware;
