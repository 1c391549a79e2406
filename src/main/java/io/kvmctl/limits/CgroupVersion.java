package io.kvmctl.limits;

/** The two cgroup interfaces: their files differ ({@code cpu.max} against {@code cpu.cfs_quota_us}, ...). */
public enum CgroupVersion {
    V1,
    V2
}
