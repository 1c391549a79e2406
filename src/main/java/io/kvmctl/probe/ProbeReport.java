package io.kvmctl.probe;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of a probe: the checks in report order, the KVM capability values, and the measured figures
 * ({@code create_vm_to_hlt_us}, {@code io_exit_round_trip_ns}, {@code guest_exits}), all computed, none printed.
 */
public record ProbeReport(
        String device, List<Check> checks, Map<String, Integer> capabilities, Map<String, Long> figures) {
    public ProbeReport {
        checks = List.copyOf(checks);
        capabilities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(capabilities));
        figures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures));
    }

    public Verdict verdict() {
        boolean kvmFailed =
                checks.stream().anyMatch(c -> c.status() == Status.FAIL && !Requirement.isRequirementId(c.id()));
        if (kvmFailed) {
            return Verdict.NOT_USABLE;
        }
        if (checks.stream().anyMatch(c -> c.status() == Status.FAIL)) {
            return Verdict.REQUIREMENTS_UNMET;
        }
        return check(HostChecks.GUEST_RUN).map(c -> c.status() == Status.PASS).orElse(false)
                ? Verdict.USABLE
                : Verdict.USABLE_NOT_RUN;
    }

    /**
     * The check that says why the verdict is negative: a failing {@code firmware} check when there is one (a switch
     * turned off in the firmware is the root cause of the missing device or module reported above it), else the first
     * failing check.
     */
    public Optional<Check> firstFailure() {
        Optional<Check> firmware = check(HostChecks.FIRMWARE).filter(c -> c.status() == Status.FAIL);
        return firmware.or(
                () -> checks.stream().filter(c -> c.status() == Status.FAIL).findFirst());
    }

    public Optional<Check> check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
