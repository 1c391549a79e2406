package io.kvmctl.cli;

import io.kvmctl.text.Durations;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmStatus;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show a VM's run state, QEMU pid, uptime, accelerator, QEMU version, machine type,"
                + " whether QEMU runs under its seccomp sandbox, its firmware (bios, or the UEFI build) and, with a"
                + " guest agent, the guest's addresses.")
final class StatusCommand extends VmCommand {
    @Parameters(paramLabel = "NAME", description = "The VM")
    String name;

    @Option(names = "--json", description = "Print as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        VmStatus status;
        java.nio.file.Path logFolder;
        java.util.List<java.nio.file.Path> outside;
        String seed;
        String tpm;
        try (Vm vm = attach(name)) {
            seed = SeedStatusLine.of(vm.directory()).orElse(null);
            tpm = io.kvmctl.vm.Swtpm.statusLine(vm.directory()).orElse(null);
            status = vm.status();
            logFolder = vm.logFolder();
            outside = vm.isRunning() ? vm.directory().outsideMonitors() : java.util.List.of();
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        if (json) {
            out().println(CliJson.write("kvmctl.status/1", io.kvmctl.cli.json.VmJson.of(status)));
            return 0;
        }
        out().printf("%-12s %s%n", "name:", status.name());
        out().printf("%-12s %s%n", "state:", status.state());
        out().printf("%-12s %d%n", "qemu pid:", status.pid());
        if (status.uptime() != null) {
            out().printf("%-12s %s%n", "uptime:", Durations.human(status.uptime()));
        }
        if (status.accel() != null) {
            out().printf("%-12s %s%n", "accel:", status.accel());
            out().printf("%-12s %s%n", "qemu:", status.qemuVersion());
        }
        if (status.qemuUser() != null) {
            out().printf("%-12s %s%n", "qemu user:", status.qemuUser());
        }
        if (status.machine() != null) {
            out().printf("%-12s %s%n", "machine:", status.machine());
        }
        out().printf("%-12s %s%n", "sandbox:", status.sandbox().describe());
        out().printf("%-12s %s%n", "firmware:", status.firmwareLine());
        if (tpm != null) {
            out().printf("%-12s %s%n", "tpm:", tpm);
        }
        if (status.exit() != null) {
            out().printf("%-12s QEMU %s%n", "exit:", status.exit().describe());
        }
        out().printf("%-12s %s%n", "runtime dir:", status.runtimeDir());
        out().printf("%-12s %s (serial.log, qemu.log: kept there at 'kvmctl down')%n", "logs:", logFolder);
        for (java.nio.file.Path socket : outside) {
            out().printf("%-12s %s%n", "qmp socket:", socket); // the profile's qmp_sockets, for outside tools
        }
        if (seed != null) {
            out().printf("%-12s %s%n", "cloud-init:", seed);
        }
        NetworkStatusLines.print(out(), status.network());
        if (status.agent() != null) {
            out().printf(
                            "%-12s %s%n",
                            "guest agent:",
                            status.agent().equals("answers")
                                    ? "answers"
                                    : "no answer (qemu-ga not running in the guest, or the guest not running)");
            out().printf("%-12s %s%n", "addresses:", GuestAddressText.all(status.guestAddresses()));
        }
        if (status.detail() != null) {
            out().printf("%-12s %s%n", "note:", status.detail());
        }
        return java.util.Set.of("exited", "unresponsive", "interrupted", "stale")
                        .contains(status.state())
                ? KvmctlCommand.EXIT_NEGATIVE
                : 0;
    }
}
