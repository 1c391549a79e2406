package io.kvmctl.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Host fixture files under src/test/resources/hosts and facts built from them. */
final class Fixtures {
    private Fixtures() {}

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/hosts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HostFacts host(String cpuinfo, KernelModules modules) {
        return new HostFacts(
                HostCpu.parse(text(cpuinfo)),
                modules,
                Map.of("/dev/net/tun", true, "/dev/vhost-net", false, "/dev/vhost-vsock", false),
                List.of(new QemuBinary("/usr/bin/qemu-system-x86_64", "7.2.22", List.of("tcg", "kvm"))),
                0,
                HugePages.parseMeminfo(text("meminfo")),
                "6.1.0",
                FirmwareFacts.notRead());
    }

    /** The same host with KVM missing and these firmware facts read. */
    static HostFacts host(String cpuinfo, FirmwareFacts firmware) {
        HostFacts h = host(cpuinfo, KernelModules.fromSysModule(Map.of("kvm", "")));
        return new HostFacts(
                h.cpu(),
                h.modules(),
                h.devices(),
                h.qemu(),
                h.iommuGroups(),
                h.hugePages(),
                h.kernelRelease(),
                firmware);
    }

    /** KVM that answered everything and ran the guest. */
    static KvmFacts workingKvm() {
        return new KvmFacts(
                "/dev/kvm",
                true,
                Optional.empty(),
                Optional.of(12),
                Optional.empty(),
                Optional.empty(),
                Map.of("NR_VCPUS", 4, "MAX_VCPUS", 1024, "IRQCHIP", 1, "USER_MEMORY", 1, "IOEVENTFD", 1, "IRQFD", 1),
                70,
                Set.of("x2apic"),
                true,
                Optional.of(new ProbeGuest.Result(5009, 60_000_000, 10_500, null)),
                Optional.empty());
    }

    /** A device that exists but KVM_CREATE_VM fails with EBUSY. */
    static KvmFacts busyKvm() {
        return new KvmFacts(
                "/dev/kvm",
                true,
                Optional.empty(),
                Optional.of(12),
                Optional.empty(),
                Optional.of(new Failure(
                        "KVM_CREATE_VM failed: EBUSY (Device or resource busy): another hypervisor",
                        "EBUSY",
                        "another hypervisor (such as VirtualBox or VMware) holds the CPU's VT-x/AMD-V")),
                Map.of("NR_VCPUS", 4),
                0,
                Set.of(),
                true,
                Optional.empty(),
                Optional.empty());
    }
}
