package io.kvmctl.cli;

import io.kvmctl.qmp.Replies;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.StopReport;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The guided part of {@code kvmctl demo}: boot the Linux test guest, wait for it, look at it through QMP and its
 * serial console, and shut it down the way a person would. Each step says what it showed.
 */
final class DemoTour {
    static final String VM_NAME = "kvmctl-demo";
    private static final Pattern READY = Pattern.compile("kvmctl-guest: READY");
    private static final Pattern PROMPT_OUTPUT = Pattern.compile("^Linux ");

    private final Path projectRoot;
    private final PrintWriter out;

    DemoTour(Path projectRoot, PrintWriter out) {
        this.projectRoot = projectRoot;
        this.out = out;
    }

    /** Installs what is missing (as root) and builds the Linux guest; false when that failed. */
    boolean prepare() throws IOException, InterruptedException {
        step("Preparing: QEMU and the test guest (installed and built only when missing)");
        return run(projectRoot.resolve("scripts/install-deps"))
                && run(projectRoot.resolve("test-images/build"), "linux");
    }

    /** Runs the tour; returns the exit code. */
    int run() throws Exception {
        Path profile = projectRoot.resolve("qemu-profiles/linux-tcg.yaml");
        step("Booting a Linux guest from " + projectRoot.relativize(profile));
        out.println("  The profile asks for TCG (QEMU's software CPU). Linux guests do not boot under -accel kvm on"
                + " this kind of host (KVM through kvm_pvm), so the tour uses the emulator: slower, same QEMU.");
        long t0 = System.nanoTime();
        try (Vm vm = Vm.start(profile, StartOptions.defaults().withName(VM_NAME))) {
            long qmpReady = System.nanoTime();
            out.printf(
                    "  QEMU started (pid %d) and answered on its QMP monitor after %d ms.%n",
                    vm.record().qemuPid(), (qmpReady - t0) / 1_000_000);
            try (SerialConsole console = vm.console()) {
                console.awaitLine(READY, Duration.ofSeconds(90));
                out.printf(
                        "  The guest printed its READY line on the serial console %.1f s after the start.%n",
                        (System.nanoTime() - t0) / 1e9);
                lastLines(console, 3).forEach(l -> out.println("    guest| " + l));

                step("kvmctl status " + VM_NAME);
                VmStatus status = vm.status();
                out.printf(
                        "  state %s, QEMU %s, accelerator %s, pid %d, runtime dir %s%n",
                        status.state(), status.qemuVersion(), status.accel(), status.pid(), status.runtimeDir());
                out.println("  Another terminal can run 'kvmctl status " + VM_NAME + "' or 'kvmctl console " + VM_NAME
                        + "' now: the VM is not tied to this process.");

                step("Talking QMP, QEMU's JSON control protocol");
                // The replies are printed as QEMU sent them (the JSON text of each member), never coerced.
                qmp(
                        vm,
                        "query-status",
                        r -> "running=" + r.path("running") + ", status="
                                + Replies.stringOr(r.get("status"), String.valueOf(r.get("status"))));
                qmp(
                        vm,
                        "query-kvm",
                        r -> "KVM present=" + r.path("present") + ", used by this VM=" + r.path("enabled"));
                qmp(
                        vm,
                        "query-cpus-fast",
                        r -> r.size() + " vCPU(s), vCPU 0 runs on host thread "
                                + r.path(0).path("thread-id"));

                step("Typing a command into the guest's shell over the serial console");
                int from = console.lineCount();
                console.send("uname -sr\n");
                out.println("    guest| " + console.awaitLineAfter(from, PROMPT_OUTPUT, Duration.ofSeconds(20)));
            }

            step("kvmctl down " + VM_NAME + ": a graceful shutdown");
            StopReport report = vm.stop(Duration.ofSeconds(60), false);
            out.printf(
                    "  %s (%.1f s); QEMU %s.%n",
                    capitalize(report.step().description()),
                    report.took().toMillis() / 1000.0,
                    report.exitStatus() == null
                            ? "has exited"
                            : report.exitStatus().describe());
            report.notes().forEach(n -> out.println("  note: " + n));
        }
        step("Done");
        out.printf(
                "  The whole tour took %.1f s. Next: 'kvmctl up qemu-profiles/linux-tcg.yaml', 'kvmctl list',"
                        + " 'kvmctl qmp-shell NAME', and the README.%n",
                (System.nanoTime() - t0) / 1e9);
        out.flush();
        return 0;
    }

    private interface Summary {
        String of(JsonNode reply);
    }

    private void qmp(Vm vm, String command, Summary summary) throws IOException {
        JsonNode reply = vm.qmp().execute(command);
        out.printf("  %-16s -> %s%n", command, summary.of(reply));
    }

    private static List<String> lastLines(SerialConsole console, int n) {
        List<String> lines = console.lines().stream().filter(l -> !l.isBlank()).toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    private void step(String title) {
        out.println();
        out.println("== " + title);
        out.flush();
    }

    private boolean run(Path script, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(script)) {
            out.println("  missing " + script + ": run the demo from a kvmctl checkout (./kvmctl demo)");
            return false;
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        out.flush();
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            out.println("  " + projectRoot.relativize(script) + " failed (exit " + p.exitValue() + "): see above");
            return false;
        }
        return true;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
