package io.kvmctl.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The KVM kernel modules that are loaded and their {@code nested} parameter. Built from /proc/modules text or, where
 * that file is absent (some container and micro-VM kernels), from the /sys/module directories; no IO here.
 */
public record KernelModules(Map<String, Optional<String>> loaded) {
    /** The modules that matter for KVM, in the order they are reported. */
    public static final java.util.List<String> KVM_MODULES =
            java.util.List.of("kvm", "kvm_intel", "kvm_amd", "kvm_pvm");

    public KernelModules {
        loaded = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(loaded)); // keeps report order
    }

    /** From /proc/modules ("name size refcount deps state address" lines); {@code nested} values come separately. */
    public static KernelModules fromProcModules(String text, Map<String, String> nestedByModule) {
        Map<String, Optional<String>> loaded = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String name = line.trim().split("\\s+", 2)[0];
            if (KVM_MODULES.contains(name)) {
                loaded.put(name, Optional.ofNullable(nestedByModule.get(name)));
            }
        }
        return new KernelModules(loaded);
    }

    /**
     * From /sys/module: {@code present} maps each KVM module directory found to the content of its
     * {@code parameters/nested} file, or null if it has none.
     */
    public static KernelModules fromSysModule(Map<String, String> present) {
        Map<String, Optional<String>> loaded = new LinkedHashMap<>();
        for (String name : KVM_MODULES) {
            if (present.containsKey(name)) {
                loaded.put(name, Optional.ofNullable(present.get(name)).map(String::trim));
            }
        }
        return new KernelModules(loaded);
    }

    public boolean has(String module) {
        return loaded.containsKey(module);
    }

    /** The vendor module providing KVM: kvm_intel, kvm_amd or kvm_pvm, if any is loaded. */
    public Optional<String> provider() {
        return KVM_MODULES.stream().skip(1).filter(loaded::containsKey).findFirst();
    }

    /** Whether the provider allows nested guests ({@code Y} or {@code 1}); empty when unknown. */
    public Optional<Boolean> nestedEnabled() {
        return provider().flatMap(loaded::get).map(v -> v.equals("Y") || v.equals("1"));
    }
}
