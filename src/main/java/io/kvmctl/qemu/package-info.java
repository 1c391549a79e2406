/**
 * QEMU command lines, as pure code: a validated {@link io.kvmctl.profile.Profile} plus a
 * {@link io.kvmctl.qemu.LaunchContext} (binary, runtime paths, inherited descriptors) becomes QEMU's argv
 * ({@link io.kvmctl.qemu.QemuCommandLine}), every option value escaped for QEMU ({@link io.kvmctl.qemu.QemuOpts}).
 * Nothing here starts a process or speaks QMP; the lifecycle code does.
 */
package io.kvmctl.qemu;
