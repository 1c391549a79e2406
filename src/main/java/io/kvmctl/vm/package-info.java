/**
 * VM lifecycle: starting QEMU from a validated profile as a supervised process, waiting until its QMP monitor
 * answers (or the process exits), recording its runtime state so a later kvmctl finds and re-attaches to it, and
 * stopping it step by step (ACPI power-down, {@code quit}, SIGTERM, SIGKILL). {@link io.kvmctl.vm.Vm} is the handle a
 * user acts on: its stats, display, serial console and user monitor are reached from it. Migration is
 * {@code io.kvmctl.migrate.Migration.of(vm)}: it starts and retires VMs, so it sits above this package.
 */
package io.kvmctl.vm;
