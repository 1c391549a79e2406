package io.kvmctl.probe;

import io.kvmctl.kvm.Capability;
import io.kvmctl.kvm.Kvm;
import io.kvmctl.kvm.KvmException;
import io.kvmctl.kvm.KvmVm;
import io.kvmctl.kvm.SupportedCpuid;
import io.kvmctl.sys.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Asks the KVM device, step by step, and records each answer or failure. The IO half of the KVM checks. */
final class KvmFactsReader {
    private KvmFactsReader() {}

    static KvmFacts read(String device, boolean run, int loopExits) {
        if (!Files.exists(Path.of(device))) {
            return KvmFacts.missing(device, run);
        }
        Kvm kvm;
        try {
            kvm = Kvm.open(device);
        } catch (KvmException e) {
            boolean opened = e.operation().startsWith("open(");
            Optional<Failure> failure = Optional.of(Failure.of(e));
            return new KvmFacts(
                    device,
                    true,
                    opened ? failure : Optional.empty(),
                    Optional.empty(),
                    opened ? Optional.empty() : failure,
                    Optional.empty(),
                    Map.of(),
                    0,
                    Set.of(),
                    run,
                    Optional.empty(),
                    Optional.empty());
        }
        try (kvm) {
            Optional<Failure> createVm = Optional.empty();
            try (KvmVm vm = kvm.createVm()) {
                // The VM is only a test of KVM_CREATE_VM; the guest gets its own below, so the timing covers it.
                vm.checkExtension(Capability.NR_MEMSLOTS);
            } catch (KvmException e) {
                createVm = Optional.of(Failure.of(e));
            }
            Map<String, Integer> caps = new LinkedHashMap<>();
            for (Capability c : Capability.values()) {
                caps.put(c.name(), kvm.checkExtension(c));
            }
            int leaves = 0;
            Set<String> features = Set.of();
            try {
                SupportedCpuid cpuid = kvm.supportedCpuid();
                leaves = cpuid.entries().size();
                features = cpuid.features();
            } catch (KvmException e) {
                if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOTTY) {
                    throw e;
                }
            }
            Optional<ProbeGuest.Result> guest = Optional.empty();
            Optional<Failure> guestError = Optional.empty();
            if (run && createVm.isEmpty()) {
                try {
                    guest = Optional.of(ProbeGuest.run(kvm, loopExits));
                } catch (KvmException e) {
                    guestError = Optional.of(Failure.of(e));
                }
            }
            return new KvmFacts(
                    device,
                    true,
                    Optional.empty(),
                    Optional.of(kvm.apiVersion()),
                    Optional.empty(),
                    createVm,
                    caps,
                    leaves,
                    features,
                    run,
                    guest,
                    guestError);
        } catch (KvmException e) {
            // A capability query or close failed after the VM was created: report it as a guest-level failure.
            return new KvmFacts(
                    device,
                    true,
                    Optional.empty(),
                    Optional.of(kvm.apiVersion()),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of(),
                    0,
                    Set.of(),
                    run,
                    Optional.empty(),
                    Optional.of(Failure.of(e)));
        }
    }
}
