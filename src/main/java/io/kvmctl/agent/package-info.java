/**
 * The QEMU guest agent (qemu-ga) inside a guest, reached through a virtio-serial channel whose host end is a Unix
 * socket in the VM's runtime directory: the guest's addresses, a shutdown that does not depend on ACPI, and file
 * system freeze and thaw around snapshots.
 */
package io.kvmctl.agent;
