/**
 * {@code kvmctl create}: a VM from an OS image (a cloud image run on its own overlay) or an installer ISO (an empty
 * disk and the ISO as a cdrom), written as a profile in the VM's home that the user can read, edit and keep.
 */
package io.kvmctl.create;
