package io.kvmctl.vm;

import java.time.Duration;
import java.util.List;

/**
 * How a stop went: the step that ended QEMU, how long it took, and QEMU's exit status when known.
 *
 * @param notes what happened on the way, e.g. "the guest did not power off within 30 s"
 */
public record StopReport(String name, StopStep step, Duration took, ExitStatus exitStatus, List<String> notes) {
    public StopReport {
        notes = List.copyOf(notes);
    }
}
