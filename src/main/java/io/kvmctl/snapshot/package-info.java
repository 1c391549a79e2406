/**
 * Internal snapshots of a running VM (RAM, device state and qcow2 disks) through QMP's snapshot-save /
 * snapshot-load / snapshot-delete jobs, or HMP savevm/loadvm/delvm on a QEMU without them.
 */
package io.kvmctl.snapshot;
