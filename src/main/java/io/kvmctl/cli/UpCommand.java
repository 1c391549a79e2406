package io.kvmctl.cli;

import io.kvmctl.profile.Profile;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.store.DefinitionException;
import io.kvmctl.vm.ExitStatus;
import io.kvmctl.vm.ReadyCondition;
import io.kvmctl.vm.ReadyTimeoutException;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.StopReport;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start a defined VM by name, or a VM from a profile file (a transient VM, gone from 'list --all' after"
                    + " 'down'), and wait until QEMU answers (with --wait: until the guest is usable).",
            "The VM keeps running after kvmctl exits; 'kvmctl down NAME' stops it.",
            "With --foreground kvmctl stays as its supervisor: SIGTERM or Ctrl-C shuts the guest down gracefully and the "
                    + "exit code tells how the guest ended (0: powered off or quit, else QEMU's status or 128+signal)."
        })
final class UpCommand extends VmCommand {
    static final int DEFAULT_WAIT_SECONDS = 300;

    @Parameters(
            index = "0",
            paramLabel = "NAME|PROFILE",
            description =
                    "A defined VM ('kvmctl define'), or a profile (YAML) to run once, e.g. qemu-profiles/tiny.yaml")
    String target;

    @Option(names = "--name", paramLabel = "NAME", description = "Run under this name instead of the profile's")
    String name;

    @Option(names = "--foreground", description = "Stay attached as the VM's supervisor (systemd, schedulers)")
    boolean foreground;

    @Option(
            names = "--qemu",
            paramLabel = "PATH",
            converter = QemuBinaryConverter.class,
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
            names = "--wait",
            paramLabel = "CONDITION",
            description = "Return once the guest is usable: ssh (a login with kvmctl's key works), serial:REGEX (a"
                    + " console line matches), port:N (guest port N answers through its hostfwd) or agent (the"
                    + " guest agent answers; needs 'agent: true'). On timeout"
                    + " the VM keeps running and the exit code is 1")
    String waitFor;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long to wait: for QEMU's QMP answer (default: 30s) or, with --wait, for the condition"
                    + " (default: 5m; TCG boots are slow): " + DurationConverter.SYNTAX)
    Duration timeout;

    @Option(
            names = "--stop-timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.ZeroAllowed.class,
            description = "With --foreground: how long the guest may take to power off: " + DurationConverter.SYNTAX
                    + " (default: ${DEFAULT-VALUE})")
    Duration stopTimeout;

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
        Path profile;
        try {
            profile = DefinedOrFile.profile(target);
        } catch (DefinitionException e) {
            return fail(e.getMessage());
        }
        ReadyCondition condition = null;
        if (waitFor != null) {
            try {
                condition = ReadyCondition.parse(waitFor);
            } catch (IllegalArgumentException e) {
                return fail(e.getMessage());
            }
            if (paused) {
                return fail("--wait and --paused: a paused guest never becomes ready; drop one of them");
            }
        }
        if (condition instanceof ReadyCondition.Agent) {
            // Refused before QEMU starts: nothing to stop afterwards.
            try {
                Profile p = ProfileLoader.forThisHost()
                        .load(profile, Optional.ofNullable(name))
                        .profile();
                if (!p.agent()) {
                    return fail(ReadyCondition.Agent.missingChannel(p.name()));
                }
            } catch (ProfileException e) {
                err().println(e.getMessage());
                return KvmctlCommand.EXIT_USAGE;
            }
        }
        StartOptions options = StartOptions.defaults().withPaused(paused);
        if (timeout != null && condition == null) {
            options = options.withReadyTimeout(timeout);
        }
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
        Verbosity.detail(
                spec,
                "kvmctl up: QEMU's command line: "
                        + String.join(" ", vm.record().argv()));
        VmStatus status = vm.status();
        if (json) {
            out().println(CliJson.write("kvmctl.up/1", io.kvmctl.cli.json.VmJson.of(status)));
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
        if (condition != null) {
            int waited = awaitReady(vm, condition, options);
            if (waited != 0) {
                return waited;
            }
        }
        return foreground ? supervise(vm) : 0;
    }

    /** {@code --wait}: a live line on a terminal (stderr) with what is waited for, the time and what was seen. */
    private int awaitReady(Vm vm, ReadyCondition condition, StartOptions options) {
        Duration waitTimeout = timeout == null ? Duration.ofSeconds(DEFAULT_WAIT_SECONDS) : timeout;
        boolean live = Terminal.interactive() && Verbosity.of(spec) != Verbosity.QUIET;
        long start = System.nanoTime();
        try {
            vm.awaitReady(condition, options.homes(), waitTimeout, seen -> {
                if (live) {
                    long s = (System.nanoTime() - start) / 1_000_000_000L;
                    err().print("\r\033[K"
                            + abbreviate("waiting for " + condition.describe() + ": " + s + " s (" + seen + ")"));
                    err().flush();
                }
            });
        } catch (ReadyTimeoutException e) {
            endLiveLine(live);
            err().println(spec.qualifiedName() + ": " + e.getMessage());
            return KvmctlCommand.EXIT_NEGATIVE;
        } catch (IOException e) {
            endLiveLine(live);
            return fail(e.getMessage());
        }
        endLiveLine(live);
        out().printf(
                        "VM %s is ready: %s after %.0f s%n",
                        vm.name(), condition.describe(), (System.nanoTime() - start) / 1e9);
        out().flush();
        return 0;
    }

    private void endLiveLine(boolean live) {
        if (live) {
            err().print("\r\033[K");
            err().flush();
        }
    }

    /** One terminal line: a long last-seen text must not wrap, or the carriage return redraws only its tail. */
    private static String abbreviate(String line) {
        String flat = line.replaceAll("\\s+", " ");
        return flat.length() <= 100 ? flat : flat.substring(0, 97) + "...";
    }

    /** Stays with the VM until it ends; SIGTERM/SIGINT (the JVM's shutdown) become a graceful stop. */
    private int supervise(Vm vm) throws IOException, InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean signalled = new java.util.concurrent.atomic.AtomicBoolean();
        ShutdownHook.register(
                () -> {
                    if (vm.isRunning()) {
                        signalled.set(true); // before the stop: QEMU ends only after this, so main sees it set
                        try {
                            Verbosity.info(spec, "kvmctl: stopping VM " + vm.name() + " (signal received) ...");
                            StopReport report = vm.stop(stopTimeout, false);
                            LastStops.record(report); // best effort: the guest is down, which is what matters here
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
        if (signalled.get()) {
            // The guest ended because the signal's stop powered it off: that stop reports and records how (and
            // halts the JVM). Recording "QEMU had already exited" here would overwrite its ACPI power-off.
            Thread.sleep(Long.MAX_VALUE);
        }
        ExitStatus status = vm.exitStatus().orElse(null);
        err().println("kvmctl: VM " + vm.name() + " ended: QEMU "
                + (status == null ? "has exited" : status.describe()));
        StopReport cleaned = vm.stop(Duration.ZERO, true); // cleans the runtime directory
        String unrecorded = LastStops.record(cleaned);
        if (unrecorded != null) {
            err().println("kvmctl: " + unrecorded);
        }
        return exitCode(status);
    }

    private static int exitCode(ExitStatus status) {
        return status == null ? KvmctlCommand.EXIT_USAGE : status.shellCode();
    }
}
