package io.kvmctl.kvm;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The CPUID leaves KVM offers to guests (KVM_GET_SUPPORTED_CPUID), with their feature bits decoded by name. */
public record SupportedCpuid(List<CpuidEntry> entries) {
    public SupportedCpuid {
        entries = List.copyOf(entries);
    }

    /** The entry for a leaf and sub-leaf, if KVM reports it. */
    public Optional<CpuidEntry> entry(int function, int index) {
        return entries.stream()
                .filter(e -> e.function() == function && e.index() == index)
                .findFirst();
    }

    /** Feature names as Linux spells them in /proc/cpuinfo ({@code vmx}, {@code avx2}, {@code x2apic}, ...). */
    public Set<String> features() {
        return CpuidFeatures.decode(entries);
    }

    /** The vendor string of leaf 0, e.g. {@code GenuineIntel} or {@code AuthenticAMD}; empty if absent. */
    public String vendor() {
        return entry(0, 0).map(CpuidFeatures::vendor).orElse("");
    }
}
