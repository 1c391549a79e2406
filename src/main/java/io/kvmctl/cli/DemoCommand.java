package io.kvmctl.cli;

import io.kvmctl.kvm.Kvm;
import io.kvmctl.probe.Check;
import io.kvmctl.probe.HostChecks;
import io.kvmctl.probe.Probe;
import io.kvmctl.probe.ProbeGuest;
import io.kvmctl.probe.ProbeReport;
import io.kvmctl.probe.ProbeReportTable;
import io.kvmctl.probe.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kvmctl demo}: probes the host and explains the answer in plain words, then (unless {@code --probe-only})
 * takes a tour: boots the Linux test guest, looks at it through QMP and its console, and shuts it down.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "A guided tour: probe this host, boot a Linux guest, talk to it, shut it down.",
            "Explains the probe's answer, then boots the Linux test guest, looks at it over QMP and its serial"
                    + " console, and shuts it down gracefully. Installs QEMU (as root) and builds the guest first."
        })
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--probe-only", description = "Only probe and explain; boot nothing")
    boolean probeOnly;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        out.println("== kvmctl demo: can this machine run virtual machines with hardware acceleration?");
        out.println();
        ProbeReport report =
                Probe.run(new Probe.Options(Kvm.DEFAULT_DEVICE, true, ProbeGuest.DEFAULT_LOOP_EXITS, List.of()));
        out.print(ProbeReportTable.render(report, Terminal.colours()));
        out.println();
        explain(report).forEach(out::println);
        out.flush();
        if (probeOnly) {
            return report.verdict().exitCode();
        }
        String launcher = System.getProperty("kvmctl.launcher");
        if (launcher == null) {
            out.println("The tour needs the kvmctl checkout (test images, scripts): run it as ./kvmctl demo.");
            return KvmctlCommand.EXIT_USAGE;
        }
        DemoTour tour = new DemoTour(java.nio.file.Path.of(launcher).getParent(), out);
        if (!tour.prepare()) {
            return KvmctlCommand.EXIT_USAGE;
        }
        try {
            return tour.run();
        } catch (java.io.IOException | io.kvmctl.profile.ProfileException e) {
            out.println();
            out.println("The tour stopped: " + e.getMessage());
            return KvmctlCommand.EXIT_USAGE;
        }
    }

    /** The report in plain words, one paragraph per line. Pure, so later tour steps can add to it. */
    static List<String> explain(ProbeReport report) {
        List<String> lines = new ArrayList<>();
        switch (report.verdict()) {
            case USABLE -> {
                lines.add("What this means: this machine can run virtual machines with KVM acceleration. kvmctl did"
                        + " not guess from /proc/cpuinfo: it opened " + report.device() + ", created a VM and ran a"
                        + " few bytes of guest code that talked to it through I/O ports and memory-mapped I/O.");
                Long exit = report.figures().get("io_exit_round_trip_ns");
                if (exit != null) {
                    lines.add(String.format(
                            "Each trip from the guest to kvmctl and back (a \"VM exit\") cost %.1f us"
                                    + " here. Bare metal does this in about 1-2 us; much more means KVM itself runs nested"
                                    + " or paravirtualized, which is fine for most work but slows I/O-heavy guests.",
                            exit / 1e3));
                }
            }
            case USABLE_NOT_RUN -> lines.add("What this means: KVM answered and created a VM, but no guest code ran.");
            case REQUIREMENTS_UNMET, NOT_USABLE -> {
                Check first = report.firstFailure().orElseThrow();
                lines.add("What this means: this machine cannot run accelerated VMs right now. The first problem: "
                        + first.detail() + ".");
                if (first.hint() != null) {
                    lines.add("How to fix it: " + first.hint() + ".");
                }
                lines.add("QEMU can still run guests without KVM (TCG emulation), only 10-50 times slower.");
            }
        }
        report.check(HostChecks.CPU)
                .filter(c -> c.detail().contains("hidden"))
                .ifPresent(
                        c -> lines.add("Note: the CPU hides its vmx/svm flag, so tools that read /proc/cpuinfo (kvm-ok,"
                                + " virt-host-validate) would say KVM cannot work here. It does: " + c.detail() + "."));
        long warnings =
                report.checks().stream().filter(c -> c.status() == Status.WARN).count();
        if (warnings > 0) {
            lines.add(warnings + " warning(s) above name optional features that are missing; each hint says how to"
                    + " add it.");
        }
        return lines;
    }
}
