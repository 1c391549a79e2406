/**
 * Resource limits of a VM: a CPU quota, a memory and a pids cap for the whole QEMU process (enforced by the VM's own
 * cgroup, v1 or v2) and per-disk I/O limits (enforced by QEMU's block throttling). Parsing, the cgroup layout found
 * on the host and the files a limit becomes are pure ({@link io.kvmctl.limits.CpuQuota},
 * {@link io.kvmctl.limits.CgroupHost}, {@link io.kvmctl.limits.CgroupPlan}); {@link io.kvmctl.limits.CgroupFiles} does
 * the file system work.
 */
package io.kvmctl.limits;
