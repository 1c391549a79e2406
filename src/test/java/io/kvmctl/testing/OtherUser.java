package io.kvmctl.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary local user ({@value #NAME}) for tests that run kvmctl without root, through {@code runuser}. Created
 * when missing and deleted again on {@link #close()} (with the {@code kvm} group when this created it too). With
 * {@link #grantKvm()} the user joins group {@code kvm} and gets an ACL entry on {@code /dev/kvm} (here 0600
 * root:root, so group membership alone would not open it); {@code close()} removes the entry.
 *
 * <p>kvmctl runs as the module io.kvmctl from {@code target/kvmctl.jar} and {@code target/lib}, as {@code ./kvmctl}
 * runs it: the test's module path lives under root's Maven repository, which other users cannot read, while the
 * packaged jar and {@code target/lib} are world-readable.
 */
public final class OtherUser implements AutoCloseable {
    public static final String NAME = "kvmctl-test";
    private static final Path DEV_KVM = Path.of("/dev/kvm");
    private static final Duration STEP = Duration.ofSeconds(30);

    public final int uid;
    private final boolean createdUser;
    private boolean createdKvmGroup;
    private boolean aclOnKvm;

    public record Result(int exitCode, String output) {}

    private OtherUser(int uid, boolean createdUser) {
        this.uid = uid;
        this.createdUser = createdUser;
    }

    /** Skips unless we are root with useradd and runuser (then the user exists until {@link #close()}). */
    public static OtherUser create() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "creating a test user needs root");
        assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/useradd")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
                "useradd and runuser are needed (Debian: passwd, util-linux)");
        boolean created = false;
        if (sh(false, "id", "-u", NAME).exitCode() != 0) {
            sh(
                    true,
                    "useradd",
                    "--system",
                    "--no-create-home",
                    "--home-dir",
                    "/nonexistent",
                    "--shell",
                    "/usr/sbin/nologin",
                    NAME);
            created = true;
        }
        int uid = Integer.parseInt(sh(true, "id", "-u", NAME).output().strip());
        return new OtherUser(uid, created);
    }

    /** Adds the user to group kvm (creating the group when missing) and grants it rw on /dev/kvm by ACL. */
    public OtherUser grantKvm() throws IOException {
        assumeTrue(Files.exists(DEV_KVM), "no /dev/kvm on this machine");
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/setfacl")), "setfacl is missing (scripts/install-deps adds acl)");
        if (sh(false, "getent", "group", "kvm").exitCode() != 0) {
            sh(true, "groupadd", "--system", "kvm");
            createdKvmGroup = true;
        }
        sh(true, "usermod", "-a", "-G", "kvm", NAME);
        sh(true, "setfacl", "-m", "u:" + NAME + ":rw", DEV_KVM.toString());
        aclOnKvm = true;
        return this;
    }

    /** Runs kvmctl as this user with exactly {@code env} (plus PATH and the QEMU under test), in {@code cwd}. */
    public Result kvmctl(Map<String, String> env, Path cwd, String... args) throws IOException {
        Path jar = kvmctlJar();
        String modulePath = jar + java.io.File.pathSeparator + jar.resolveSibling("lib");
        return run(env, cwd, KvmctlProcess.commandFrom(modulePath, args));
    }

    /** Runs {@code command} as this user with a clean environment: {@code env}, PATH and KVMCTL_QEMU. */
    public Result run(Map<String, String> env, Path cwd, List<String> command) throws IOException {
        Map<String, String> clean = new LinkedHashMap<>();
        clean.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        clean.put("HOME", "/nonexistent");
        clean.put("KVMCTL_QEMU", TestQemu.binary().toString());
        clean.putAll(env);
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", NAME, "--", "/usr/bin/env", "-i"));
        clean.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(cwd.toFile());
        return wait(pb.start(), String.join(" ", command), Duration.ofSeconds(120));
    }

    /** The packaged jar: on failsafe's module path, or beside {@code target/classes} after {@code package}. */
    public static Path kvmctlJar() {
        String paths = System.getProperty("jdk.module.path", "")
                + java.io.File.pathSeparator
                + System.getProperty("java.class.path");
        for (String entry : paths.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry);
            if (p.getFileName() != null && p.getFileName().toString().equals("kvmctl.jar")) {
                return p;
            }
            if (p.getFileName() != null && p.getFileName().toString().equals("classes")) {
                Path jar = p.resolveSibling("kvmctl.jar");
                assertTrue(
                        Files.isRegularFile(jar),
                        jar + " is missing: run the ITs through 'mvn verify' (after package)");
                return jar;
            }
        }
        throw new AssertionError("no target/classes nor kvmctl.jar on the module path or class path: " + paths);
    }

    @Override
    public void close() throws IOException {
        List<String> problems = new ArrayList<>();
        if (aclOnKvm) {
            Result r = sh(false, "setfacl", "-x", "u:" + NAME, DEV_KVM.toString());
            if (r.exitCode() != 0) {
                problems.add("setfacl -x: " + r.output());
            }
        }
        // The user's runtime root (no XDG_RUNTIME_DIR under runuser): leave nothing of the test behind.
        sh(false, "rm", "-rf", "/tmp/kvmctl-" + uid, "/tmp/hsperfdata_" + NAME);
        if (createdUser) {
            Result r = sh(false, "userdel", NAME);
            if (r.exitCode() != 0) {
                problems.add("userdel: " + r.output());
            }
        }
        if (createdKvmGroup) {
            sh(false, "groupdel", "kvm");
        }
        if (!problems.isEmpty()) {
            throw new IOException("cleaning up test user " + NAME + ": " + problems);
        }
    }

    /** Runs a host command as root; with {@code check}, a non-zero exit throws. */
    public static Result sh(boolean check, String... cmd) throws IOException {
        Result r = wait(new ProcessBuilder(cmd).redirectErrorStream(true).start(), String.join(" ", cmd), STEP);
        if (check && r.exitCode() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + r.exitCode() + "): " + r.output());
        }
        return r;
    }

    private static Result wait(Process p, String what, Duration timeout) throws IOException {
        p.getOutputStream().close();
        try {
            // Output first: a child that fills the pipe would never exit otherwise. Bounded by the child's
            // own exit (EOF), which the timeout below enforces by killing it.
            Thread killer = Thread.ofVirtual().start(() -> {
                try {
                    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
            killer.interrupt();
            if (p.isAlive()) {
                throw new IOException(what + " did not finish within " + timeout.toSeconds() + " s: " + out);
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + what, e);
        }
    }
}
