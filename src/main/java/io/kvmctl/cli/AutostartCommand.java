package io.kvmctl.cli;

import io.kvmctl.cli.json.AutostartListJson;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.store.AutostartUnit;
import io.kvmctl.store.Autostarts;
import io.kvmctl.store.DefinitionException;
import io.kvmctl.store.VmStore;
import io.kvmctl.sys.Processes;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.StopReport;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmHomes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "autostart",
        mixinStandardHelpOptions = true,
        subcommands = {AutostartCommand.Run.class, AutostartCommand.Stop.class},
        description = {
            "Start a defined VM with the host: 'kvmctl autostart NAME on|off', 'kvmctl autostart --list'.",
            "On installs and enables a systemd unit kvmctl-NAME.service running 'kvmctl up NAME --foreground' (a system"
                    + " unit for root, a user unit otherwise), so stopping the unit, or the host's shutdown, powers the"
                    + " guest off gracefully. For other inits: 'kvmctl autostart run' starts every autostart VM,"
                    + " 'kvmctl autostart stop' shuts them down (docs/defined-vms.md has an OpenRC service)."
        })
final class AutostartCommand extends VmCommand {
    /** Environment a unit's kvmctl needs to find the same VM as this one (overrides of kvmctl's folders). */
    static final List<String> CARRIED_ENV = List.of(
            VmStore.ENV, "KVMCTL_RUNTIME_DIR", VmHomes.ENV, "KVMCTL_LOG_DIR", "KVMCTL_QEMU", "KVMCTL_FIRMWARE_DIRS");

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The defined VM")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "on|off", description = "Turn its autostart on or off")
    String onOff;

    @Option(names = "--list", description = "List the defined VMs that autostart")
    boolean list;

    @Option(names = "--json", description = "With --list: print as JSON (kvmctl.autostart.list/1, docs/json.md)")
    boolean json;

    @Option(
            names = "--stop-timeout",
            paramLabel = "DURATION",
            defaultValue = "60s",
            converter = DurationConverter.ZeroAllowed.class,
            description = "How long the guest may take to power off when the unit stops: "
                    + DurationConverter.SYNTAX
                    + " (default: ${DEFAULT-VALUE})")
    Duration stopTimeout;

    @Override
    public Integer call() {
        VmStore store = VmStore.fromEnvironment();
        Autostarts autostarts = Autostarts.fromEnvironment(store);
        try {
            if (list) {
                if (name != null) {
                    return fail("--list takes no VM name");
                }
                if (json) {
                    out().println(CliJson.write(AutostartListJson.KIND, new AutostartListJson(autostarts.names())));
                    return 0;
                }
                for (String n : autostarts.names()) {
                    out().println(n);
                }
                return 0;
            }
            if (name == null || onOff == null || !List.of("on", "off").contains(onOff)) {
                return fail("say which VM and on or off, e.g. 'kvmctl autostart web on', or use --list");
            }
            if (onOff.equals("off")) {
                boolean was = autostarts.disable(name);
                out().println("VM " + name + ": autostart off" + (was ? "" : " (it was off)"));
                return 0;
            }
            Path unit = autostarts.enable(unit());
            out().println("VM " + name + ": autostart on, unit " + unit);
            out().println("  "
                    + SystemdReload.run(Processes.uid() != 0, unit.getFileName().toString()));
            return 0;
        } catch (DefinitionException | IllegalArgumentException | IOException e) {
            return fail(e.getMessage());
        }
    }

    private AutostartUnit unit() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String key : CARRIED_ENV) {
            String value = System.getenv(key);
            if (value != null && !value.isBlank()) {
                env.put(key, value);
            }
        }
        String launcher = System.getProperty("kvmctl.launcher", "/usr/local/bin/kvmctl");
        // root's units are system units wherever they are installed (KVMCTL_SYSTEMD_UNIT_DIR), others' user units
        return new AutostartUnit(
                name, launcher, env, Processes.uid() != 0, DurationConverter.wholeSeconds(stopTimeout));
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = "Start every defined VM whose autostart is on and that is not running (for inits other than"
                    + " systemd). Exit code 1 when one of them failed to start.")
    static final class Run extends VmCommand {
        @Override
        public Integer call() throws IOException {
            VmStore store = VmStore.fromEnvironment();
            int failed = 0;
            for (String n : Autostarts.fromEnvironment(store).names()) {
                if (Files.exists(root().vm(n).path())) {
                    out().println(n + ": already running");
                    continue;
                }
                try {
                    // Not closed: close() stops a VM started here, and these must outlive this kvmctl (as up's do).
                    Vm vm = Vm.start(store.profile(n), StartOptions.defaults());
                    out().println(n + ": started, QEMU pid " + vm.status().pid());
                } catch (IOException | ProfileException | IllegalArgumentException e) {
                    failed++;
                    err().println(n + ": not started: "
                            + e.getMessage().lines().findFirst().orElse(""));
                }
                out().flush();
            }
            return failed == 0 ? 0 : KvmctlCommand.EXIT_NEGATIVE;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Shut down every running defined VM whose autostart is on, gracefully (as 'kvmctl down')."
                    + " Exit code 1 when one of them could not be stopped.")
    static final class Stop extends VmCommand {
        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                defaultValue = "60s",
                converter = DurationConverter.ZeroAllowed.class,
                description = "How long each guest may take to power off: " + DurationConverter.SYNTAX
                        + " (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        public Integer call() throws IOException {
            int failed = 0;
            for (String n :
                    Autostarts.fromEnvironment(VmStore.fromEnvironment()).names()) {
                if (!Files.exists(root().vm(n).path())) {
                    continue;
                }
                try (Vm vm = attach(n)) {
                    StopReport report = vm.stop(timeout, false);
                    LastStops.record(report);
                    out().println(n + ": " + report.step().description());
                } catch (IOException | IllegalArgumentException e) {
                    failed++;
                    err().println(n + ": not stopped: " + e.getMessage());
                }
                out().flush();
            }
            return failed == 0 ? 0 : KvmctlCommand.EXIT_NEGATIVE;
        }
    }
}
