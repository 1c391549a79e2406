package io.kvmctl.probe;

import io.kvmctl.sys.KvmIoctls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns gathered facts into the report's checks. Pure: the same facts always give the same checks. */
public final class HostChecks {
    public static final String DEVICE = "device";
    public static final String DEVICE_ACCESS = "device-access";
    public static final String API_VERSION = "api-version";
    public static final String CREATE_VM = "create-vm";
    public static final String GUEST_RUN = "guest-run";
    public static final String CPU = "cpu";
    public static final String FIRMWARE = "firmware";
    public static final String MODULES = "modules";
    public static final String CAPABILITIES = "capabilities";
    public static final String CPUID = "cpuid";
    public static final String TUN = "tun";
    public static final String VHOST_NET = "vhost-net";
    public static final String VHOST_VSOCK = "vhost-vsock";
    public static final String QEMU = "qemu";
    public static final String IOMMU = "iommu";
    public static final String HUGEPAGES = "hugepages";
    public static final String KERNEL = "kernel";
    public static final String CONSTANT_TSC = "constant-tsc";

    /** Every check id, in report order; {@code --require} accepts these. */
    public static final List<String> IDS = List.of(
            DEVICE,
            DEVICE_ACCESS,
            API_VERSION,
            CREATE_VM,
            GUEST_RUN,
            CPU,
            FIRMWARE,
            MODULES,
            CAPABILITIES,
            CPUID,
            TUN,
            VHOST_NET,
            VHOST_VSOCK,
            QEMU,
            IOMMU,
            HUGEPAGES,
            KERNEL,
            CONSTANT_TSC);

    /** Capabilities without which QEMU's usual machine setup does not work: their absence is a warning. */
    static final List<String> KEY_CAPABILITIES = List.of("IRQCHIP", "USER_MEMORY", "IOEVENTFD", "IRQFD");

    /** The capabilities the table shows; JSON has all of {@link io.kvmctl.kvm.Capability}. */
    static final List<String> SHOWN_CAPABILITIES = List.of(
            "NR_VCPUS",
            "MAX_VCPUS",
            "NR_MEMSLOTS",
            "IRQCHIP",
            "USER_MEMORY",
            "IOEVENTFD",
            "IRQFD",
            "SPLIT_IRQCHIP",
            "READONLY_MEM",
            "IMMEDIATE_EXIT",
            "NESTED_STATE",
            "DIRTY_LOG_RING",
            "TSC_DEADLINE_TIMER");

    private static final Map<String, String> AUX_DEVICES = Map.of(
            "/dev/net/tun", "modprobe tun (QEMU tap networking needs it)",
            "/dev/vhost-net", "modprobe vhost_net (in-kernel virtio-net datapath; QEMU falls back to user space)",
            "/dev/vhost-vsock", "modprobe vhost_vsock (host<->guest AF_VSOCK sockets)");

    private HostChecks() {}

    public static List<Check> checks(KvmFacts kvm, HostFacts host) {
        List<Check> checks = new ArrayList<>(kvmChecks(kvm));
        checks.add(cpu(host.cpu(), kvm.vmCreated()));
        checks.add(FirmwareCheck.check(host.cpu(), host.firmware(), kvm.vmCreated()));
        checks.add(modules(host.modules(), kvm.vmCreated()));
        checks.add(capabilities(kvm));
        checks.add(cpuid(kvm));
        checks.add(device(TUN, "/dev/net/tun", host.devices()));
        checks.add(device(VHOST_NET, "/dev/vhost-net", host.devices()));
        checks.add(device(VHOST_VSOCK, "/dev/vhost-vsock", host.devices()));
        checks.add(qemu(host.qemu()));
        checks.add(
                host.iommuGroups() > 0
                        ? Check.pass(IOMMU, host.iommuGroups() + " IOMMU groups: VFIO device passthrough possible")
                        : Check.warn(
                                IOMMU,
                                "no IOMMU groups: VFIO device passthrough unavailable",
                                "only needed for passthrough: enable VT-d/AMD-Vi in the firmware and boot with intel_iommu=on"
                                        + " or amd_iommu=on"));
        HugePages hp = host.hugePages();
        checks.add(Check.pass(
                HUGEPAGES,
                hp.total() > 0
                        ? hp.free() + " of " + hp.total() + " huge pages of " + hp.sizeKb() + " kB free"
                        : "none reserved (page size " + hp.sizeKb()
                                + " kB); guests use normal or transparent huge pages"));
        checks.add(Check.pass(KERNEL, "Linux " + host.kernelRelease()));
        checks.add(
                host.cpu().has("constant_tsc")
                        ? Check.pass(CONSTANT_TSC, "the TSC runs at a constant rate: stable guest clocks")
                        : Check.warn(
                                CONSTANT_TSC,
                                "no constant_tsc flag: guest clocks may drift with CPU frequency",
                                "prefer kvm-clock in guests; on a VM host, ask for an invariant TSC"));
        return checks;
    }

    static List<Check> kvmChecks(KvmFacts kvm) {
        List<Check> checks = new ArrayList<>();
        String dev = kvm.device();
        if (!kvm.present()) {
            checks.add(
                    Check.fail(
                            DEVICE,
                            dev + " does not exist",
                            !dev.equals(io.kvmctl.kvm.Kvm.DEFAULT_DEVICE)
                                    ? "check the --device path; the KVM device is normally /dev/kvm"
                                    : "enable virtualization (VT-x/AMD-V) in the firmware and load kvm_intel or kvm_amd"
                                            + " (modprobe kvm_intel / modprobe kvm_amd); in a VM, ask for nested virtualization"));
            for (String id : List.of(DEVICE_ACCESS, API_VERSION, CREATE_VM, GUEST_RUN)) {
                checks.add(Check.skip(id, "needs " + dev));
            }
            return checks;
        }
        checks.add(Check.pass(DEVICE, dev + " exists"));
        if (kvm.open().isPresent()) {
            Failure f = kvm.open().get();
            checks.add(Check.fail(DEVICE_ACCESS, f.message(), f.hint()));
            for (String id : List.of(API_VERSION, CREATE_VM, GUEST_RUN)) {
                checks.add(Check.skip(id, "needs read-write access to " + dev));
            }
            return checks;
        }
        checks.add(Check.pass(DEVICE_ACCESS, dev + " opens read-write for this user"));
        if (kvm.apiError().isPresent()) {
            Failure f = kvm.apiError().get();
            checks.add(Check.fail(
                    API_VERSION,
                    dev + " is not a KVM device: KVM_GET_API_VERSION failed with " + f.errno(),
                    "point --device at the KVM device, normally /dev/kvm"));
            checks.add(Check.skip(CREATE_VM, "needs a KVM device"));
            checks.add(Check.skip(GUEST_RUN, "needs a KVM device"));
            return checks;
        }
        int version = kvm.apiVersion().orElse(-1);
        if (version != KvmIoctls.KVM_API_VERSION) {
            checks.add(Check.fail(
                    API_VERSION,
                    "KVM API version " + version + ", expected " + KvmIoctls.KVM_API_VERSION,
                    "this kernel's KVM speaks an ABI kvmctl does not know"));
            checks.add(Check.skip(CREATE_VM, "needs KVM API version 12"));
            checks.add(Check.skip(GUEST_RUN, "needs KVM API version 12"));
            return checks;
        }
        checks.add(Check.pass(API_VERSION, "KVM API version 12"));
        if (kvm.createVm().isPresent()) {
            Failure f = kvm.createVm().get();
            checks.add(Check.fail(CREATE_VM, f.message(), f.hint()));
            checks.add(Check.skip(GUEST_RUN, "needs a VM"));
            return checks;
        }
        checks.add(Check.pass(CREATE_VM, "KVM_CREATE_VM works"));
        checks.add(guestRun(kvm));
        return checks;
    }

    private static Check guestRun(KvmFacts kvm) {
        if (!kvm.runRequested()) {
            return Check.skip(GUEST_RUN, "skipped (--no-run)");
        }
        if (kvm.guestError().isPresent()) {
            Failure f = kvm.guestError().get();
            return Check.fail(GUEST_RUN, "guest setup or run failed: " + f.message(), f.hint());
        }
        ProbeGuest.Result r = kvm.guest().orElseThrow();
        if (!r.ok()) {
            return Check.fail(
                    GUEST_RUN,
                    "guest code misbehaved at " + r.failure(),
                    "KVM opened but does not execute guest code correctly; report this with `kvmctl probe --json`");
        }
        return Check.pass(
                GUEST_RUN,
                String.format(
                        "real-mode guest ran: %d exits checked (port I/O out/in, MMIO write/read, HLT); create-VM to HLT"
                                + " %.1f ms; I/O exit round trip %.1f us",
                        r.exits(), r.createVmToHltNanos() / 1e6, r.loopExitNanos() / 1e3));
    }

    static Check cpu(HostCpu cpu, boolean kvmWorks) {
        String vendor = cpu.vendor().isEmpty() ? "unknown vendor" : cpu.vendor();
        String flag = cpu.virtualizationFlag();
        String under = cpu.underHypervisor() ? ", running under a hypervisor" : "";
        if (!flag.isEmpty()) {
            return Check.pass(
                    CPU,
                    vendor + ", " + flag + " flag present" + under
                            + (cpu.underHypervisor() ? " (nested virtualization)" : ""));
        }
        if (kvmWorks) {
            return Check.pass(
                    CPU,
                    vendor + ", vmx/svm hidden" + under + ": KVM works anyway, so it is provided"
                            + " by nested virtualization or a paravirtual module such as kvm_pvm");
        }
        if (cpu.underHypervisor()) {
            // Hidden flags in a VM do not rule KVM out (PVM needs none); the KVM checks above have the last word.
            return Check.warn(
                    CPU,
                    vendor + ", neither vmx nor svm flag" + under,
                    "this is a VM: enable nested virtualization on its host, or load kvm_pvm if the kernel has it");
        }
        return Check.fail(CPU, vendor + ", neither vmx nor svm flag", "enable VT-x/AMD-V (SVM) in the firmware setup");
    }

    static Check modules(KernelModules modules, boolean kvmWorks) {
        if (modules.loaded().isEmpty()) {
            return kvmWorks
                    ? Check.pass(MODULES, "no KVM modules listed: KVM is built into the kernel")
                    : Check.fail(MODULES, "no KVM module loaded", "modprobe kvm_intel or modprobe kvm_amd");
        }
        String list = modules.loaded().entrySet().stream()
                .map(e -> e.getKey()
                        + e.getValue().map(v -> " (nested=" + v + ")").orElse(""))
                .collect(Collectors.joining(", "));
        if (modules.provider().isEmpty() && !kvmWorks) {
            return Check.fail(
                    MODULES,
                    list + " loaded, but no vendor module (kvm_intel, kvm_amd or kvm_pvm)",
                    "modprobe kvm_intel or modprobe kvm_amd; dmesg tells why it refuses to load");
        }
        return Check.pass(MODULES, list + " loaded");
    }

    static Check capabilities(KvmFacts kvm) {
        if (kvm.capabilities().isEmpty()) {
            return Check.skip(CAPABILITIES, "needs a working KVM device");
        }
        String values = SHOWN_CAPABILITIES.stream()
                        .filter(kvm.capabilities()::containsKey)
                        .map(c -> c + "=" + kvm.capabilities().get(c))
                        .collect(Collectors.joining(" "))
                + " (all " + kvm.capabilities().size() + " in --json)";
        List<String> missing = KEY_CAPABILITIES.stream()
                .filter(c -> kvm.capabilities().getOrDefault(c, 0) == 0)
                .toList();
        return missing.isEmpty()
                ? Check.pass(CAPABILITIES, values)
                : Check.warn(
                        CAPABILITIES,
                        "missing " + String.join(", ", missing) + "; " + values,
                        "QEMU's usual machines need these; the kernel's KVM is old or limited");
    }

    static Check cpuid(KvmFacts kvm) {
        if (kvm.cpuidLeaves() == 0) {
            return Check.skip(CPUID, "needs a working KVM device");
        }
        boolean nested =
                kvm.cpuidFeatures().contains("vmx") || kvm.cpuidFeatures().contains("svm");
        return Check.pass(
                CPUID,
                kvm.cpuidLeaves() + " CPUID leaves, " + kvm.cpuidFeatures().size()
                        + " known features for guests" + (nested ? ", including vmx/svm (guests can nest)" : "")
                        + (kvm.cpuidFeatures().contains("x2apic") ? ", x2apic" : "")
                        + (kvm.cpuidFeatures().contains("avx2") ? ", avx2" : ""));
    }

    private static Check device(String id, String path, Map<String, Boolean> devices) {
        return devices.getOrDefault(path, false)
                ? Check.pass(id, path + " exists")
                : Check.warn(id, path + " is missing", AUX_DEVICES.get(path));
    }

    static Check qemu(List<QemuBinary> binaries) {
        if (binaries.isEmpty()) {
            return Check.warn(
                    QEMU,
                    "no qemu-system-* binary on PATH",
                    "apt-get install qemu-system-x86 (Debian/Ubuntu) or dnf install qemu-kvm (Fedora)");
        }
        String list = binaries.stream()
                .map(b ->
                        b.path() + " (" + b.version() + "; accelerators: " + String.join(", ", b.accelerators()) + ")")
                .collect(Collectors.joining("; "));
        boolean anyKvm = binaries.stream().anyMatch(b -> b.accelerators().contains("kvm"));
        return anyKvm
                ? Check.pass(QEMU, list)
                : Check.warn(QEMU, list + ": none offers the kvm accelerator", "install a QEMU built with KVM support");
    }
}
