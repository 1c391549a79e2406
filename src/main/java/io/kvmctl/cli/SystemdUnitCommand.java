package io.kvmctl.cli;

import io.kvmctl.vm.VmNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "systemd-unit",
        mixinStandardHelpOptions = true,
        description = {
            "Print a systemd service unit that runs a VM under 'kvmctl up --foreground'. 'kvmctl autostart NAME on'"
                    + " installs and enables one for a defined VM."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kvmctl systemd-unit web-1 web-1.yaml > /etc/systemd/system/kvmctl-web-1.service && systemctl daemon-reload"
        })
final class SystemdUnitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The VM name")
    String name;

    @Parameters(index = "1", paramLabel = "PROFILE", description = "The profile (YAML)")
    Path profile;

    @Option(
            names = "--stop-timeout",
            paramLabel = "DURATION",
            defaultValue = "60s",
            converter = DurationConverter.ZeroAllowed.class,
            description = "How long the guest may take to power off on 'systemctl stop': " + DurationConverter.SYNTAX
                    + " (default: ${DEFAULT-VALUE})")
    Duration stopTimeout;

    @Override
    public Integer call() {
        if (!VmNames.isValid(name)) {
            spec.commandLine()
                    .getErr()
                    .println("kvmctl systemd-unit: invalid VM name '" + name
                            + "': use letters, digits, '.', '_' or '-'");
            return KvmctlCommand.EXIT_USAGE;
        }
        if (!Files.isRegularFile(profile)) {
            spec.commandLine().getErr().println("kvmctl systemd-unit: no profile at " + profile);
            return KvmctlCommand.EXIT_USAGE;
        }
        String launcher = System.getProperty("kvmctl.launcher", "/usr/local/bin/kvmctl");
        spec.commandLine()
                .getOut()
                .print(unit(
                        launcher,
                        profile.toAbsolutePath().normalize(),
                        name,
                        DurationConverter.wholeSeconds(stopTimeout)));
        spec.commandLine().getOut().flush(); // the writer does not flush by itself: without this nothing was printed
        return 0;
    }

    static String unit(String launcher, Path profile, String name, int stopTimeout) {
        return """
                [Unit]
                Description=kvmctl VM %2$s
                Documentation=man:qemu(1)
                After=network-online.target
                Wants=network-online.target

                [Service]
                Type=exec
                ExecStart=%1$s up %3$s --name %2$s --foreground --stop-timeout %4$d
                # SIGTERM goes to kvmctl only, which powers the guest down step by step (ACPI, quit, SIGTERM,
                # SIGKILL); systemd kills whatever is left only after TimeoutStopSec.
                KillMode=mixed
                TimeoutStopSec=%5$d
                Restart=on-failure
                RestartSec=5

                [Install]
                WantedBy=multi-user.target
                """.formatted(
                        systemdQuote(launcher), name, systemdQuote(profile.toString()), stopTimeout, stopTimeout + 40);
    }

    /** Quotes a path for an ExecStart= line when it needs it (spaces, quotes, backslashes, percent signs). */
    static String systemdQuote(String s) {
        String escaped = s.replace("%", "%%");
        if (escaped.matches("[A-Za-z0-9_./@:+-]+")) {
            return escaped;
        }
        return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
