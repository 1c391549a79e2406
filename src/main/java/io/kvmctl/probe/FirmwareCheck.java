package io.kvmctl.probe;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code firmware} check: when KVM does not work, is hardware virtualization switched off in the firmware? Decided
 * as kvm-ok decides it (the MSR first), with the kernel's own "disabled by BIOS" line when the MSR cannot be read.
 * Pure: the same facts always give the same check. It says "unknown" rather than guess, and never blames the firmware
 * of a machine whose CPU a hypervisor hides (there the virtual CPU's registers say nothing about any firmware).
 */
public final class FirmwareCheck {
    /**
     * The kernel's lines for a firmware switch that is off, across versions: {@code kvm: disabled by bios} (kvm_intel
     * and kvm_amd before 6.x), {@code VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL}, {@code SVM disabled (by BIOS) in
     * MSR_VM_CR} (6.x), {@code x86/cpu: VMX (outside TXT) disabled by BIOS} (the boot CPU setup since 5.6).
     */
    private static final Pattern DISABLED_LINE =
            Pattern.compile("(?i)(disabled|not enabled)\\s*\\(?by\\s+(bios|firmware|sys firmware)\\)?");

    private static final Pattern DMESG_TIMESTAMP = Pattern.compile("^\\[\\s*\\d+\\.\\d+\\]\\s*");

    private FirmwareCheck() {}

    public static Check check(HostCpu cpu, FirmwareFacts facts, boolean kvmWorks) {
        if (kvmWorks || !facts.read()) {
            return Check.pass(HostChecks.FIRMWARE, "not read: KVM works, so the firmware does not block it");
        }
        Optional<VirtualizationExtension> found = VirtualizationExtension.ofVendor(cpu.vendor());
        if (found.isEmpty()) {
            return Check.warn(
                    HostChecks.FIRMWARE,
                    "firmware state unknown: CPU vendor '" + cpu.vendor() + "' is neither Intel nor AMD",
                    "look for a virtualization switch in the firmware setup");
        }
        VirtualizationExtension ext = found.get();
        if (!cpu.has(ext.flag()) && cpu.underHypervisor()) {
            return Check.warn(
                    HostChecks.FIRMWARE,
                    "firmware state unknown: the CPU does not expose VMX/SVM to this kernel (it runs under a"
                            + " hypervisor, which decides what the virtual CPU shows)",
                    "ask for nested virtualization on the hypervisor's host, or load kvm_pvm if this kernel has it");
        }
        String setting = ext == VirtualizationExtension.VMX ? "Intel Virtualization Technology" : "SVM Mode";
        String fix = "enable " + ext.label() + " (often called \"" + setting + "\") in the firmware"
                + " (BIOS/UEFI) setup, then power the machine off and on again: the register stays locked until a"
                + " power cycle";
        if (facts.msrValue().isPresent()) {
            long value = facts.msrValue().getAsLong();
            if (ext.disabledByFirmware(value)) {
                return Check.fail(
                        HostChecks.FIRMWARE,
                        ext.label() + " is switched off in the firmware: " + ext.describe(value),
                        fix);
            }
            return Check.pass(HostChecks.FIRMWARE, "not switched off in the firmware: " + ext.describe(value));
        }
        Optional<String> line = facts.kernelLog().flatMap(FirmwareCheck::disabledLine);
        if (line.isPresent()) {
            return Check.fail(
                    HostChecks.FIRMWARE,
                    ext.label() + " is switched off in the firmware, says the kernel log: \"" + line.get() + "\" ("
                            + ext.msrName() + " not read: " + facts.msrProblem() + ")",
                    fix);
        }
        String log = facts.kernelLog().isPresent()
                ? "the kernel log has no \"disabled by BIOS\" line"
                : "kernel log not read: " + facts.logProblem();
        return Check.warn(
                HostChecks.FIRMWARE,
                "firmware state unknown: " + ext.msrName() + " not read (" + facts.msrProblem() + "); " + log,
                "as root, run `modprobe msr` and then kvmctl probe again to read " + ext.msrName()
                        + " (kvmctl does not load kernel modules itself)");
    }

    /** The last kernel log line saying the firmware switched virtualization off, without its timestamp. */
    static Optional<String> disabledLine(String kernelLog) {
        String last = null;
        for (String line : kernelLog.split("\n")) {
            Matcher m = DISABLED_LINE.matcher(line);
            if (m.find()) {
                last = DMESG_TIMESTAMP.matcher(line.trim()).replaceFirst("");
            }
        }
        return Optional.ofNullable(last);
    }
}
