package io.kvmctl.profile;

import io.kvmctl.limits.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A validated VM profile, as {@link ProfileLoader} returns it: paths are absolute, ids unique, values in range. Build
 * one only through the loader (or in tests), since the command line trusts what it holds.
 *
 * @param source     the YAML file it came from (for messages)
 * @param cpu        the CPU model; empty means QEMU's default ({@code qemu64}), which starts under KVM and TCG
 *                   on every host (QEMU 7.2's {@code host} and {@code max} abort under nested KVM hosts that
 *                   refuse the IA32_ARCH_CAPABILITIES MSR, as on our CI machines)
 * @param serialLog  where the serial console is logged; empty means the runtime directory's default
 * @param incoming   {@code defer} or a migration URI such as {@code tcp:0.0.0.0:4444}
 * @param qemu       the QEMU binary to use; empty means the launcher's default
 * @param extraArgs  extra QEMU arguments, already checked against what kvmctl controls
 * @param cdroms     the {@code cdroms} list, or the single CD-ROM of {@code cdrom: FILE} (id {@value #CDROM_ID})
 * @param hotplugSlots empty PCIe root ports for devices added while the VM runs (q35 has no hot-pluggable slot
 *                   on its root bus)
 * @param qmpSockets names of QMP monitors for outside tools, each {@code qmp-NAME.sock} in the runtime directory
 * @param runAs      the user QEMU runs as when kvmctl is root (the name root keeps it root); empty means the
 *                   launcher's default, the {@code kvmctl} system user
 * @param limits     CPU, memory and pids limits (the VM's cgroup) and disk I/O limits (QEMU's throttling)
 * @param sandbox    whether QEMU runs under its seccomp filter ({@code -sandbox}, see io.kvmctl.qemu.Sandbox);
 *                   true unless the profile says {@code sandbox: false}
 * @param firmware   BIOS (the default) or UEFI, with or without Secure Boot ({@code firmware}, {@code secure_boot})
 * @param agent      whether the guest gets a virtio-serial channel for qemu-guest-agent ({@code agent: true}),
 *                   which kvmctl uses for the guest's addresses, a shutdown without ACPI and quiesced snapshots
 * @param cloudInit  the NoCloud seed kvmctl writes at each start and attaches read-only ({@code cloud_init})
 * @param memoryBackend where guest RAM lives: QEMU's private memory, or a shared memfd a local migration hands over
 * @param tpm        whether the guest gets a TPM 2.0 emulated by swtpm, its state in the VM's home ({@code tpm: true})
 */
public record Profile(
        Path source,
        String name,
        Accel accel,
        String machine,
        Optional<String> cpu,
        int smp,
        Size memory,
        MemoryBackend memoryBackend,
        BootSpec boot,
        List<DiskSpec> disks,
        List<CdromSpec> cdroms,
        List<NicSpec> nics,
        DisplaySpec display,
        Optional<Path> serialLog,
        Optional<String> incoming,
        Optional<UUID> uuid,
        GuestActions actions,
        boolean balloon,
        Optional<Path> qemu,
        List<String> extraArgs,
        int hotplugSlots,
        List<String> qmpSockets,
        Optional<String> runAs,
        Limits limits,
        boolean sandbox,
        FirmwareSpec firmware,
        boolean agent,
        Optional<CloudInitSpec> cloudInit,
        boolean tpm) {
    /** Root ports a q35 profile gets when it does not say {@code hotplug_slots}. */
    public static final int DEFAULT_HOTPLUG_SLOTS = 4;

    /** The device id of the profile's single {@code cdrom}: disks and NICs may not use it then. */
    public static final String CDROM_ID = "cdrom";

    public Profile {
        disks = List.copyOf(disks);
        cdroms = List.copyOf(cdroms);
        nics = List.copyOf(nics);
        extraArgs = List.copyOf(extraArgs);
        qmpSockets = List.copyOf(qmpSockets);
        limits = limits == null ? Limits.NONE : limits;
        firmware = firmware == null ? FirmwareSpec.BIOS : firmware;
        cloudInit = cloudInit == null ? Optional.empty() : cloudInit;
        memoryBackend = memoryBackend == null ? MemoryBackend.PRIVATE : memoryBackend;
    }

    /** Whether the machine type is a PCI Express one (q35), whose hot-plug needs root ports. */
    public boolean pcie() {
        return machine.contains("q35");
    }

    /** The same profile under another VM name (already validated by the caller, see {@link ProfileLoader}). */
    public Profile withName(String newName) {
        return new Profile(
                source,
                newName,
                accel,
                machine,
                cpu,
                smp,
                memory,
                memoryBackend,
                boot,
                disks,
                cdroms,
                nics,
                display,
                serialLog,
                incoming,
                uuid,
                actions,
                balloon,
                qemu,
                extraArgs,
                hotplugSlots,
                qmpSockets,
                runAs,
                limits,
                sandbox,
                firmware,
                agent,
                cloudInit,
                tpm);
    }

    /**
     * The same profile on another machine type: the versioned type an alias resolved to at the first start
     * ({@code q35 -> pc-q35-7.2}), which a migration destination or a restart must keep.
     */
    public Profile withMachine(String versionedType) {
        return new Profile(
                source,
                name,
                accel,
                versionedType,
                cpu,
                smp,
                memory,
                memoryBackend,
                boot,
                disks,
                cdroms,
                nics,
                display,
                serialLog,
                incoming,
                uuid,
                actions,
                balloon,
                qemu,
                extraArgs,
                hotplugSlots,
                qmpSockets,
                runAs,
                limits,
                sandbox,
                firmware,
                agent,
                cloudInit,
                tpm);
    }

    /** The same profile with other resource limits. */
    public Profile withLimits(Limits newLimits) {
        return new Profile(
                source,
                name,
                accel,
                machine,
                cpu,
                smp,
                memory,
                memoryBackend,
                boot,
                disks,
                cdroms,
                nics,
                display,
                serialLog,
                incoming,
                uuid,
                actions,
                balloon,
                qemu,
                extraArgs,
                hotplugSlots,
                qmpSockets,
                runAs,
                newLimits,
                sandbox,
                firmware,
                agent,
                cloudInit,
                tpm);
    }

    /** The same profile with other network cards (a migration destination pins the source's MAC addresses). */
    public Profile withNics(List<NicSpec> newNics) {
        return new Profile(
                source,
                name,
                accel,
                machine,
                cpu,
                smp,
                memory,
                memoryBackend,
                boot,
                disks,
                cdroms,
                newNics,
                display,
                serialLog,
                incoming,
                uuid,
                actions,
                balloon,
                qemu,
                extraArgs,
                hotplugSlots,
                qmpSockets,
                runAs,
                limits,
                sandbox,
                firmware,
                agent,
                cloudInit,
                tpm);
    }
}
