package io.kvmctl.cli;

import io.kvmctl.profile.ProfileException;
import io.kvmctl.vm.ExitStatus;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.StopReport;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start a VM from a profile and wait until QEMU answers.",
            "The VM keeps running after kvmctl exits; 'kvmctl down NAME' stops it.",
            "With --foreground kvmctl stays as its supervisor: SIGTERM or Ctrl-C shuts the guest down gracefully and the "
                    + "exit code tells how the guest ended (0: powered off or quit, else QEMU's status or 128+signal)."
        })
final class UpCommand extends VmCommand {
    @Parameters(index = "0", paramLabel = "PROFILE", description = "The profile (YAML), e.g. qemu-profiles/tiny.yaml")
    Path profile;

    @Option(names = "--name", paramLabel = "NAME", description = "Run under this name instead of the profile's")
    String name;

    @Option(names = "--foreground", description = "Stay attached as the VM's supervisor (systemd, schedulers)")
    boolean foreground;

    @Option(
            names = "--qemu",
            paramLabel = "PATH",
            description = "The QEMU binary (default: profile, $KVMCTL_QEMU, PATH)")
    Path qemu;

    @Option(
            names = "--incoming",
            paramLabel = "URI",
            description = "Wait for an incoming migration: defer or tcp:HOST:PORT")
    String incoming;

    @Option(names = "--paused", description = "Start with the vCPUs stopped; 'kvmctl resume NAME' starts them")
    boolean paused;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long QEMU may take to answer on QMP (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(
            names = "--stop-timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "With --foreground: how long the guest may take to power off (default: ${DEFAULT-VALUE})")
    int stopTimeoutSeconds;

    @Option(
            names = "--run-as",
            paramLabel = "USER",
            description = "When kvmctl is root: the user QEMU runs as, over the profile's run_as (default: kvmctl;"
                    + " root keeps QEMU root)")
    String runAs;

    @Option(names = "--json", description = "Print the started VM's status as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(profile)) {
            return fail("no profile at " + profile + " (the qemu-profiles/ folder has examples)");
        }
        StartOptions options = StartOptions.defaults()
                .withReadyTimeout(Duration.ofSeconds(timeoutSeconds))
                .withPaused(paused);
        if (name != null) {
            options = options.withName(name);
        }
        if (qemu != null) {
            options = options.withQemuBinary(qemu);
        }
        if (incoming != null) {
            options = options.withIncoming(incoming);
        }
        if (runAs != null) {
            options = options.withRunAs(runAs);
        }
        Vm vm;
        try {
            vm = Vm.start(profile, options);
        } catch (ProfileException e) {
            err().println(e.getMessage());
            return KvmctlCommand.EXIT_USAGE;
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        VmStatus status = vm.status();
        if (json) {
            out().println(CliJson.write(status));
        } else {
            out().printf(
                            "VM %s is up: QEMU pid %d, %s, accel %s, QEMU %s%n",
                            status.name(), status.pid(), status.state(), status.accel(), status.qemuVersion());
            out().printf(
                            "  console: kvmctl console %s   logs: kvmctl logs %s   stop: kvmctl down %s%n",
                            status.name(), status.name(), status.name());
            NetworkStatusLines.print(out(), status.network());
        }
        out().flush();
        return foreground ? supervise(vm) : 0;
    }

    /** Stays with the VM until it ends; SIGTERM/SIGINT (the JVM's shutdown) become a graceful stop. */
    private int supervise(Vm vm) throws IOException {
        ShutdownHook.register(
                () -> {
                    if (vm.isRunning()) {
                        try {
                            err().println("kvmctl: stopping VM " + vm.name() + " (signal received) ...");
                            err().flush();
                            StopReport report = vm.stop(Duration.ofSeconds(stopTimeoutSeconds), false);
                            err().println("kvmctl: VM " + vm.name() + " stopped: "
                                    + report.step().description());
                            err().flush();
                            out().flush();
                            // The JVM would exit with 128+15 for the signal; the code should say how the guest ended.
                            Runtime.getRuntime().halt(exitCode(report.exitStatus()));
                        } catch (IOException e) {
                            err().println("kvmctl: stopping VM " + vm.name() + " failed: " + e.getMessage());
                            err().flush();
                        }
                    }
                },
                "kvmctl-foreground-stop");
        while (!vm.awaitExit(Duration.ofHours(1))) {
            // keep waiting: a supervised VM may run for months
        }
        ExitStatus status = vm.exitStatus().orElse(null);
        err().println("kvmctl: VM " + vm.name() + " ended: QEMU "
                + (status == null ? "has exited" : status.describe()));
        vm.stop(Duration.ZERO, true); // cleans the runtime directory
        return exitCode(status);
    }

    private static int exitCode(ExitStatus status) {
        return status == null ? KvmctlCommand.EXIT_USAGE : status.shellCode();
    }
}
