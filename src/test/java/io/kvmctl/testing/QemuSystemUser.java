package io.kvmctl.testing;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * The {@code kvmctl} system user that QEMU runs as when kvmctl is root: created when missing, as
 * {@code scripts/install-deps} does, and left in place (it is part of the installation, not of one test).
 */
public final class QemuSystemUser {
    public static final String NAME = "kvmctl";

    private QemuSystemUser() {}

    /** Makes sure the user exists when the tests run as root (without root, kvmctl does not switch users). */
    public static synchronized void ensure() {
        if (!"root".equals(System.getProperty("user.name")) || exists(NAME)) {
            return;
        }
        try {
            Process p = new ProcessBuilder(
                            "useradd",
                            "--system",
                            "--user-group",
                            "--no-create-home",
                            "--home-dir",
                            "/nonexistent",
                            "--shell",
                            "/usr/sbin/nologin",
                            NAME)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0 && !exists(NAME)) {
                throw new AssertionError("useradd " + NAME + " failed: " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("useradd " + NAME + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static boolean exists(String user) {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
