package io.kvmctl.probe;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What could be read about the firmware's virtualization switch, gathered by {@link FirmwareFactsReader} only when KVM
 * does not work, and judged by {@link FirmwareCheck}. Each source carries either its content or why it could not be
 * read, so the report can say what was tried.
 *
 * @param read       false when nothing was read (KVM works, so the question does not arise)
 * @param msrValue   the 8-byte register value from /dev/cpu/N/msr, if it could be read
 * @param msrProblem why it could not be read (no msr module, not root, the CPU refused), when {@code msrValue} is empty
 * @param kernelLog  the kernel's log text, if it could be read
 * @param logProblem why the kernel log could not be read, when {@code kernelLog} is empty
 */
public record FirmwareFacts(
        boolean read, OptionalLong msrValue, String msrProblem, Optional<String> kernelLog, String logProblem) {
    public static FirmwareFacts notRead() {
        return new FirmwareFacts(false, OptionalLong.empty(), "not read", Optional.empty(), "not read");
    }

    public static FirmwareFacts msr(long value, Optional<String> kernelLog, String logProblem) {
        return new FirmwareFacts(true, OptionalLong.of(value), "", kernelLog, logProblem);
    }

    public static FirmwareFacts noMsr(String msrProblem, Optional<String> kernelLog, String logProblem) {
        return new FirmwareFacts(true, OptionalLong.empty(), msrProblem, kernelLog, logProblem);
    }
}
