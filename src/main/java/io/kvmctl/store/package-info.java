/**
 * Defined VMs: a VM kept by name between runs, as virsh's persistent domains are, with no daemon. {@link
 * io.kvmctl.store.VmStore} says where definitions live (one folder per VM, 0700), {@link
 * io.kvmctl.store.VmDefinitions} defines, reads, replaces and removes them under the VM's lock, and {@link
 * io.kvmctl.store.DefinitionText} writes the stored copy of a profile (its relative paths written out in full, so
 * the copy means what the original meant).
 */
package io.kvmctl.store;
