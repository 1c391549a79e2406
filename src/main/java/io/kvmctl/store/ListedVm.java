package io.kvmctl.store;

import io.kvmctl.vm.VmStatus;

/**
 * One VM of {@code kvmctl list --all}: a defined one (running or not) or a transient one that runs.
 *
 * @param state {@link DefinedState}'s words for a defined VM, QEMU's for a transient one
 * @param status the running VM's status, or null when it is off
 */
public record ListedVm(String name, String state, boolean defined, boolean autostart, VmStatus status) {}
