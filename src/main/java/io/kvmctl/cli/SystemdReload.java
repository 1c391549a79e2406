package io.kvmctl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Tells a running systemd about a unit kvmctl installed or removed. Where systemd is not PID 1 (containers, build
 * hosts) there is nothing to tell: the enabled unit takes effect at the next boot, and the line says so.
 */
final class SystemdReload {
    private SystemdReload() {}

    static String run(boolean user, String unit) {
        if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
            return "systemd is not running on this host now: the unit is enabled and starts the VM at the next boot"
                    + " under systemd";
        }
        try {
            Process p = new ProcessBuilder(
                            user
                                    ? new String[] {"systemctl", "--user", "daemon-reload"}
                                    : new String[] {"systemctl", "daemon-reload"})
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "'systemctl daemon-reload' failed; run it yourself, then 'systemctl start " + unit + "' to start"
                        + " the VM now";
            }
        } catch (IOException e) {
            return "could not run systemctl (" + e.getMessage() + "): run 'systemctl daemon-reload' yourself";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted before systemd reloaded: run 'systemctl daemon-reload' yourself";
        }
        String linger = user && !Files.exists(Path.of("/var/lib/systemd/linger", System.getProperty("user.name")))
                ? "; it starts at your login (run 'loginctl enable-linger' to start it at boot)"
                : "";
        return "systemd reloaded: the VM starts at the next boot ('systemctl " + (user ? "--user " : "") + "start "
                + unit + "' starts it now)" + linger;
    }
}
