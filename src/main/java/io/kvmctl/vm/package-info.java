/**
 * VM lifecycle: starting QEMU from a validated profile as a supervised process, waiting until its QMP monitor
 * answers (or the process exits), recording its runtime state so a later kvmctl finds and re-attaches to it, and
 * stopping it step by step (ACPI power-down, {@code quit}, SIGTERM, SIGKILL).
 */
package io.kvmctl.vm;
