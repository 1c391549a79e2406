/**
 * VM lifecycle: starting QEMU from a validated profile as a supervised process, waiting until its QMP monitor
 * answers (or the process exits), recording its runtime state so a later kvmctl finds and re-attaches to it, and
 * stopping it step by step (ACPI power-down, {@code quit}, SIGTERM, SIGKILL). {@link io.kvmctl.vm.Vm} is the one
 * object a caller acts on: run control, and the devices, NIC, snapshot, memory, vCPU, stats, display, console and
 * user-monitor objects of the other packages, bound to itself (those packages do not depend on this one, so it may
 * depend on them). Migration is {@code io.kvmctl.migrate.Migration.of(vm)}: it starts and retires VMs, so it sits
 * above this package.
 */
package io.kvmctl.vm;
