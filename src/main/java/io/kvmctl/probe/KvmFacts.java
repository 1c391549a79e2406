package io.kvmctl.probe;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the KVM device answered, step by step; a step that was not reached is empty. Gathered by
 * {@link KvmFactsReader}, judged by {@link HostChecks}.
 *
 * @param open          empty if the device opened read-write
 * @param apiVersion    the KVM_GET_API_VERSION answer, if the device opened and answered
 * @param apiError      why KVM_GET_API_VERSION failed (ENOTTY: not a KVM device)
 * @param createVm      empty if KVM_CREATE_VM worked
 * @param cpuidFeatures names decoded from KVM_GET_SUPPORTED_CPUID, with the leaf count
 * @param guest         the guest run; empty when skipped ({@code --no-run}) or not reached
 * @param guestError    a system call that failed while setting up or running the guest
 */
public record KvmFacts(
        String device,
        boolean present,
        Optional<Failure> open,
        Optional<Integer> apiVersion,
        Optional<Failure> apiError,
        Optional<Failure> createVm,
        Map<String, Integer> capabilities,
        int cpuidLeaves,
        Set<String> cpuidFeatures,
        boolean runRequested,
        Optional<ProbeGuest.Result> guest,
        Optional<Failure> guestError) {
    public KvmFacts {
        capabilities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(capabilities));
        cpuidFeatures = Set.copyOf(cpuidFeatures);
    }

    /** Facts for a device path that does not exist. */
    public static KvmFacts missing(String device, boolean runRequested) {
        return new KvmFacts(
                device,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                0,
                Set.of(),
                runRequested,
                Optional.empty(),
                Optional.empty());
    }

    /** True once KVM_CREATE_VM has succeeded. */
    public boolean vmCreated() {
        return present && open.isEmpty() && apiVersion.isPresent() && apiError.isEmpty() && createVm.isEmpty();
    }
}
