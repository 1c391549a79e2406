package io.kvmctl.probe;

import java.util.Optional;

/**
 * The CPU's hardware virtualization extension, chosen by /proc/cpuinfo's {@code vendor_id} (not by the vmx/svm flag:
 * since Linux 5.6 the kernel removes {@code vmx} from cpuinfo when the firmware switched VT-x off, which is exactly the
 * case the firmware check must still recognise), and the model-specific register that says whether the firmware
 * switched it off. The bit meanings are those kvm-ok (Debian/Ubuntu cpu-checker) and the kernel's KVM modules test.
 */
public enum VirtualizationExtension {
    /** Intel VT-x (also Centaur and Zhaoxin CPUs): IA32_FEATURE_CONTROL. */
    VMX("VT-x", "IA32_FEATURE_CONTROL", 0x3aL),
    /** AMD-V (also Hygon CPUs): VM_CR. */
    SVM("AMD-V (SVM)", "VM_CR", 0xC001_0114L);

    /** IA32_FEATURE_CONTROL bit 0: the register is locked until the next power cycle. */
    static final long FEATURE_CONTROL_LOCKED = 1L;
    /** IA32_FEATURE_CONTROL bit 2: VMXON is allowed outside SMX (the ordinary, non-TXT case). */
    static final long FEATURE_CONTROL_VMX_OUTSIDE_SMX = 1L << 2;
    /** VM_CR bit 4: SVMDIS, EFER.SVME cannot be set. */
    static final long VM_CR_SVMDIS = 1L << 4;

    private final String label;
    private final String msrName;
    private final long msr;

    VirtualizationExtension(String label, String msrName, long msr) {
        this.label = label;
        this.msrName = msrName;
        this.msr = msr;
    }

    /** The extension a CPU of this {@code vendor_id} has; empty for vendors kvmctl does not know. */
    public static Optional<VirtualizationExtension> ofVendor(String vendorId) {
        return switch (vendorId.trim()) {
            case "GenuineIntel", "CentaurHauls", "Shanghai" -> Optional.of(VMX);
            case "AuthenticAMD", "HygonGenuine" -> Optional.of(SVM);
            default -> Optional.empty();
        };
    }

    public String label() {
        return label;
    }

    public String msrName() {
        return msrName;
    }

    /** The MSR number, which is also the offset to read in /dev/cpu/N/msr. */
    public long msr() {
        return msr;
    }

    /** The cpuinfo flag the CPU shows when the kernel can use this extension. */
    public String flag() {
        return this == VMX ? "vmx" : "svm";
    }

    /** Whether the register's value says the firmware switched the extension off (kvm-ok's test). */
    public boolean disabledByFirmware(long value) {
        return switch (this) {
            // Locked with VMX outside SMX clear: only a power cycle through a changed firmware setting unlocks it.
            // Unlocked means the firmware left the choice to the OS, and the kernel enables and locks it at boot.
            case VMX -> (value & FEATURE_CONTROL_LOCKED) != 0 && (value & FEATURE_CONTROL_VMX_OUTSIDE_SMX) == 0;
            case SVM -> (value & VM_CR_SVMDIS) != 0;
        };
    }

    /** The register's value and its relevant bits in words, for the report. */
    public String describe(long value) {
        String hex = String.format("%s (MSR 0x%x) = 0x%x", msrName, msr, value);
        return switch (this) {
            case VMX ->
                hex + ": " + ((value & FEATURE_CONTROL_LOCKED) != 0 ? "locked" : "unlocked") + ", VMX outside SMX "
                        + ((value & FEATURE_CONTROL_VMX_OUTSIDE_SMX) != 0 ? "on" : "off");
            case SVM -> hex + ": SVMDIS " + ((value & VM_CR_SVMDIS) != 0 ? "set" : "clear");
        };
    }
}
