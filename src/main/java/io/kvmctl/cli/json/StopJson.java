package io.kvmctl.cli.json;

import io.kvmctl.vm.StopReport;
import java.util.List;
import java.util.Locale;

/** {@code kvmctl down --json} ({@code kvmctl.down/1}): which step ended the VM and how long it took. */
public record StopJson(
        String name, String step, String stepDescription, Double tookSeconds, Integer exitStatus, List<String> notes) {
    public static final String KIND = "kvmctl.down/1";

    public static StopJson of(StopReport r) {
        return new StopJson(
                r.name(),
                r.step().name().toLowerCase(Locale.ROOT),
                r.step().description(),
                VmJson.seconds(r.took()),
                r.exitStatus() == null ? null : r.exitStatus().shellCode(),
                r.notes());
    }
}
