package io.kvmctl.vm;

import io.kvmctl.qemu.UserSwitch;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks a QEMU binary how it switches users ({@code -run-with user=} or {@code -runas}) by reading its
 * {@code -help}, which starts nothing (about 0.1 s), and keeps the answer for the life of this process per binary
 * file and in the user's cache, as {@link QemuMachineTypes} does for {@code -machine help}.
 */
final class QemuUserSwitches {
    private static final long TIMEOUT_SECONDS = 30;
    private static final String QUESTION = "-help";

    private record Key(Path realPath, long size, FileTime modified) {}

    private static final Map<Key, UserSwitch> CACHE = new ConcurrentHashMap<>();

    private QemuUserSwitches() {}

    /** The option {@code qemu} takes, or a {@link VmStartException} when it lists neither. */
    static UserSwitch of(Path qemu) throws VmStartException {
        Key key;
        BasicFileAttributes a;
        try {
            Path real = qemu.toRealPath();
            a = Files.readAttributes(real, BasicFileAttributes.class);
            key = new Key(real, a.size(), a.lastModifiedTime());
        } catch (IOException e) {
            throw new VmStartException("QEMU " + qemu + " cannot be read (" + e.getMessage() + ")");
        }
        UserSwitch cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        UserSwitch option = QemuHelpCache.read(key.realPath(), a, QUESTION)
                .flatMap(UserSwitch::fromHelp)
                .orElse(null);
        if (option == null) {
            String output = ask(qemu);
            option = switchIn(qemu, output);
            QemuHelpCache.write(key.realPath(), a, QUESTION, output);
        }
        CACHE.put(key, option);
        return option;
    }

    /** Whether the host knows {@code user} (getpwnam, through the JDK's lookup service). */
    static boolean userExists(String user) {
        try {
            java.nio.file.FileSystems.getDefault()
                    .getUserPrincipalLookupService()
                    .lookupPrincipalByName(user);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static String ask(Path qemu) throws VmStartException {
        String output;
        try {
            Process p = new ProcessBuilder(qemu.toString(), "-help")
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new VmStartException("'" + qemu + " -help' did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmStartException(
                    "interrupted while asking " + qemu + " for its options", new InterruptedIOException());
        } catch (IOException e) {
            throw new VmStartException(
                    "QEMU " + qemu + " could not be run to list its options (" + e.getMessage() + ")", e);
        }
        return output;
    }

    private static UserSwitch switchIn(Path qemu, String output) throws VmStartException {
        return UserSwitch.fromHelp(output)
                .orElseThrow(() -> new VmStartException("QEMU " + qemu + " has neither -run-with user= nor -runas, so"
                        + " it cannot drop root; use a QEMU built for Linux, or run_as: root in the profile to keep"
                        + " QEMU root"));
    }
}
