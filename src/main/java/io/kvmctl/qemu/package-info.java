/**
 * VM profiles and QEMU command lines, as pure code: a YAML profile becomes a validated {@link io.kvmctl.qemu.Profile}
 * ({@link io.kvmctl.qemu.ProfileLoader}), and a profile plus a {@link io.kvmctl.qemu.LaunchContext} becomes QEMU's
 * argv ({@link io.kvmctl.qemu.QemuCommandLine}). Nothing here starts a process or speaks QMP; the lifecycle code does.
 */
package io.kvmctl.qemu;
