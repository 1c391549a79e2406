package io.kvmctl.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * The systemd service that autostarts a defined VM: {@code kvmctl up NAME --foreground}, so the unit's state is
 * the VM's (active while QEMU runs, failed when it crashed) and {@code systemctl stop}, or the host's shutdown,
 * reaches kvmctl as SIGTERM and powers the guest off step by step before systemd kills anything.
 *
 * @param launcher the kvmctl command (the {@code ./kvmctl} launcher or an installed one)
 * @param environment the store and runtime overrides this kvmctl runs with, so the unit's kvmctl finds the same VM
 * @param user whether it is a user unit ({@code systemctl --user}; wanted by default.target) or a system one
 */
public record AutostartUnit(
        String name, String launcher, Map<String, String> environment, boolean user, int stopTimeout) {
    public AutostartUnit {
        environment = new TreeMap<>(environment);
    }

    /** The unit's file name: {@code kvmctl-NAME.service}. */
    public String fileName() {
        return "kvmctl-" + name + ".service";
    }

    /** The target whose {@code .wants} folder enabling links the unit into. */
    public String wantedBy() {
        return user ? "default.target" : "multi-user.target";
    }

    public String text() {
        StringBuilder env = new StringBuilder();
        environment.forEach(
                (k, v) -> env.append("Environment=").append(quote(k + "=" + v)).append('\n'));
        // A system unit waits for the network (bridges, taps); the user manager has no network-online.target.
        String network = user ? "" : "After=network-online.target\nWants=network-online.target\n";
        return """
                [Unit]
                Description=kvmctl VM %1$s (defined VM, autostart)
                Documentation=man:kvmctl(1)
                %2$s
                [Service]
                Type=exec
                %3$sExecStart=%4$s up %1$s --foreground --stop-timeout %5$d
                # SIGTERM goes to kvmctl only, which powers the guest off step by step (ACPI power button, guest
                # agent, QMP quit, signals); systemd kills what is left only after TimeoutStopSec.
                KillMode=mixed
                TimeoutStopSec=%6$d
                Restart=on-failure
                RestartSec=5

                [Install]
                WantedBy=%7$s
                """.formatted(name, network, env, quote(launcher), stopTimeout, stopTimeout + 40, wantedBy());
    }

    /** Quotes a word for an ExecStart= or Environment= line when it needs it; {@code %} is doubled either way. */
    static String quote(String s) {
        String escaped = s.replace("%", "%%");
        if (escaped.matches("[A-Za-z0-9_./@:+=,-]+")) {
            return escaped;
        }
        return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
