/**
 * VM lifecycle: starting QEMU from a validated profile as a supervised process, waiting until its QMP monitor
 * answers (or the process exits), recording its runtime state so a later kvmctl finds and re-attaches to it, and
 * stopping it step by step (ACPI power-down, {@code quit}, SIGTERM, SIGKILL). {@link io.kvmctl.vm.Vm} is the one
 * object a caller acts on: it hands out the devices, NIC, snapshot, memory and vCPU objects of the other packages,
 * bound to itself (devices, net, snapshot and resources do not depend on this package, so it may depend on them).
 */
package io.kvmctl.vm;
