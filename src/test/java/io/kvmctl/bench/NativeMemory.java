package io.kvmctl.bench;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * Where this JVM's own memory goes, from Native Memory Tracking (only when the JVM runs with
 * {@code -XX:NativeMemoryTracking=summary}; set SCALE_JAVA_OPTS for bench/scale.sh). Memory that FFM code
 * allocates with malloc shows under "Other" only when it goes through Arena (NMT tracks those as "Other").
 */
final class NativeMemory {
    private NativeMemory() {}

    static boolean enabled() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking=") && !a.endsWith("=off"));
    }

    static void baseline() throws Exception {
        run("baseline");
    }

    /** The committed-memory changes since {@link #baseline()}, one line per category that changed. */
    static String diff() throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : run("summary.diff").split("\n")) {
            String t = line.strip();
            if (t.startsWith("-") && t.contains("committed=") && t.contains("KB") && t.contains("+")) {
                out.append("  ").append(t.replaceAll("\\s+", " ")).append('\n');
            } else if (t.startsWith("(thread #")) {
                out.append("    ").append(t).append('\n');
            }
        }
        return out.toString();
    }

    private static String run(String what) throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "vmNativeMemory",
                        new Object[] {new String[] {what}},
                        new String[] {String[].class.getName()});
    }
}
