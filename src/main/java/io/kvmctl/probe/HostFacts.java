package io.kvmctl.probe;

import java.util.List;
import java.util.Map;

/**
 * What the host's files say around KVM, gathered by {@link HostFactsReader} and judged by {@link HostChecks}.
 *
 * @param devices     each auxiliary device path (/dev/net/tun, ...) and whether it exists
 * @param iommuGroups the number of /sys/kernel/iommu_groups entries
 * @param firmware    the firmware's virtualization switch, read only when KVM does not work
 */
public record HostFacts(
        HostCpu cpu,
        KernelModules modules,
        Map<String, Boolean> devices,
        List<QemuBinary> qemu,
        int iommuGroups,
        HugePages hugePages,
        String kernelRelease,
        FirmwareFacts firmware) {
    public HostFacts {
        devices = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(devices));
        qemu = List.copyOf(qemu);
    }
}
