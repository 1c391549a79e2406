package io.kvmctl.probe;

/** The human form of a report: one line per check, hints indented below, the verdict last. */
public final class ProbeReportTable {
    private static final String RESET = "\u001b[0m";

    private ProbeReportTable() {}

    public static String render(ProbeReport report, boolean colour) {
        int width =
                report.checks().stream().mapToInt(c -> c.id().length()).max().orElse(10);
        StringBuilder out = new StringBuilder();
        for (Check c : report.checks()) {
            String status = String.format("%-4s", c.status().label().toUpperCase(java.util.Locale.ROOT));
            out.append(colour ? colourOf(c.status()) + status + RESET : status)
                    .append("  ")
                    .append(String.format("%-" + width + "s", c.id()))
                    .append("  ")
                    .append(c.detail())
                    .append('\n');
            if (c.hint() != null && c.status() != Status.PASS) {
                out.append(" ".repeat(8 + width))
                        .append("hint: ")
                        .append(c.hint())
                        .append('\n');
            }
        }
        out.append('\n').append(verdictLine(report)).append('\n');
        return out.toString();
    }

    /** One line: the answer and, when negative, the first failing check's reason. */
    public static String verdictLine(ProbeReport report) {
        return switch (report.verdict()) {
            case USABLE -> "verdict: usable: guest code ran under KVM on " + report.device();
            case USABLE_NOT_RUN ->
                "verdict: usable-not-run: KVM created a VM on " + report.device() + " (guest code not run: --no-run)";
            case REQUIREMENTS_UNMET, NOT_USABLE ->
                "verdict: " + report.verdict().label() + ": "
                        + report.firstFailure()
                                .map(c -> c.id() + ": " + c.detail())
                                .orElse("");
        };
    }

    private static String colourOf(Status s) {
        return switch (s) {
            case PASS -> "\u001b[32m";
            case WARN -> "\u001b[33m";
            case FAIL -> "\u001b[31m";
            case SKIP -> "\u001b[2m";
        };
    }
}
