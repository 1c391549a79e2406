/**
 * {@code kvmctl probe}: can this host run accelerated guests? Answers by asking the kernel and running a few bytes of
 * real-mode guest code ({@link io.kvmctl.probe.ProbeGuest}), then reports the host facts around it. Parsing of
 * /proc and /sys text and the checks themselves are pure ({@link io.kvmctl.probe.HostCpu},
 * {@link io.kvmctl.probe.KernelModules}, {@link io.kvmctl.probe.HostChecks}); {@link io.kvmctl.probe.HostFactsReader}
 * is the thin shell that reads the files. When KVM does not work, {@link io.kvmctl.probe.FirmwareCheck} says whether the
 * firmware switched VT-x/AMD-V off, from the MSR or the kernel log that {@link io.kvmctl.probe.FirmwareFactsReader}
 * reads.
 */
package io.kvmctl.probe;
