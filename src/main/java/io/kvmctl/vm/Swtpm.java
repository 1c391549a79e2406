package io.kvmctl.vm;

import io.kvmctl.qemu.TpmArgs;
import io.kvmctl.sys.Libc;
import io.kvmctl.sys.Processes;
import io.kvmctl.sys.SysCallException;
import io.kvmctl.unix.UnixServerSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The guest's TPM ({@code tpm: true}): swtpm, started before QEMU and gone with it. Its state lives in
 * {@value #STATE_DIR} in the VM's home ({@link VmHomes}), so what the guest sealed survives {@code down}/{@code up}.
 *
 * <p>kvmctl binds swtpm's control socket itself (0600, in the 0700 runtime directory) and hands it over as a
 * descriptor, so it exists before QEMU connects and no readiness has to be polled: QEMU's connect waits in the
 * backlog until swtpm accepts. {@code --terminate} makes swtpm exit when QEMU closes that connection, whichever
 * way QEMU ends; {@link #stop} covers a start that failed before QEMU connected, and anything left.
 *
 * <p>When kvmctl is root and QEMU switches to an unprivileged user, swtpm switches to the same one
 * ({@code --runas}), and its state folder belongs to that user. The VM's home stays 0700 and root's: swtpm opens
 * its state only after switching, so kvmctl hands it the folder as an open descriptor ({@code /proc/self/fd/N}),
 * as Incus hands QEMU its files, instead of opening the home to the user.
 */
public final class Swtpm {
    /** The state folder in the VM's home. */
    public static final String STATE_DIR = "tpm";

    /** What swtpm writes there once the firmware has started the TPM: the TPM 2.0's permanent state. */
    public static final String PERMANENT_STATE = "tpm2-00.permall";

    static final String PID_FILE = "swtpm.pid";
    static final String LOG_FILE = "swtpm.log";
    /** One line in the runtime directory: the state folder of this run, for {@code status}. */
    static final String STATE_FILE = "swtpm.state";

    /** Fixed descriptor numbers in swtpm. */
    static final int CTRL_FD = 3;

    static final int STATE_FD = 4;

    private static final String NAME = "swtpm";

    private Swtpm() {}

    /** swtpm on {@code PATH}; before anything is created, its absence is one line saying what to install. */
    static Path binary(Map<String, String> env) throws VmStartException {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, NAME);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new VmStartException("tpm: true needs swtpm, the TPM emulator, which was not found on PATH; install it"
                + " (Debian: apt-get install swtpm) or remove 'tpm: true'");
    }

    /** swtpm's argv: TPM 2.0 on the control socket at {@link #CTRL_FD}, state in the folder at {@link #STATE_FD}. Pure. */
    static List<String> argv(Path binary, Optional<String> runAs) {
        List<String> argv = new ArrayList<>(List.of(
                binary.toString(),
                "socket",
                "--tpm2",
                "--tpmstate",
                "dir=/proc/self/fd/" + STATE_FD + ",mode=0600",
                "--ctrl",
                "type=unixio,fd=" + CTRL_FD,
                "--terminate"));
        runAs.ifPresent(user -> argv.addAll(List.of("--runas", user)));
        return List.copyOf(argv);
    }

    /** The state folder of VM {@code name}, which may not exist. */
    static Path stateDir(VmHomes homes, String name) {
        return homes.of(name).resolve(STATE_DIR);
    }

    /**
     * The VM's state folder, made 0700 when missing and given to {@code runAs} (with what is in it) when swtpm
     * switches to that user.
     *
     * @return what this start made, to remove when it fails (the folder, and the home when this made it)
     */
    static List<Path> prepareState(VmHomes homes, String name, Optional<String> runAs) throws IOException {
        boolean newHome = !Files.exists(homes.of(name), LinkOption.NOFOLLOW_LINKS);
        Path dir = homes.ensure(name).resolve(STATE_DIR);
        List<Path> created = new ArrayList<>();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(RuntimeRoot.OWNER_ONLY));
            created.add(dir);
            if (newHome) {
                created.add(homes.of(name));
            }
        } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new VmStartException("the TPM state " + dir + " of VM " + name + " is not a folder; move it away"
                    + " (a new, empty TPM is made then)");
        }
        if (runAs.isPresent()) {
            giveTo(dir, runAs.get());
        }
        return created;
    }

    private static void giveTo(Path dir, String user) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = users.lookupPrincipalByName(user);
        GroupPrincipal group = users.lookupPrincipalByGroupName(user);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : Stream.concat(Stream.of(dir), files).toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue; // swtpm makes none; one placed here must not hand its target to the user
                }
                PosixFileAttributeView view =
                        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                view.setOwner(owner);
                view.setGroup(group);
            }
        }
    }

    /** Removes what {@link #prepareState} made for a start that failed (the folder first, then the home). */
    static void undo(List<Path> created, Exception failure) {
        for (Path made : created) {
            try (Stream<Path> walk = Files.walk(made)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (NoSuchFileException gone) {
                // nothing to remove
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Binds the control socket and starts swtpm on it in its own session, its output in {@value #LOG_FILE}.
     * A daemon thread reaps it when it exits while this JVM runs (it outlives the kvmctl that started it).
     */
    static void start(VmDirectory dir, Path binary, Path stateDir, Optional<String> runAs) throws IOException {
        int stateFd = Libc.open(stateDir.toString(), Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
        try (UnixServerSocket ctrl = UnixServerSocket.listen(dir.path().resolve(TpmArgs.SOCKET_FILE))) {
            int pid = Processes.spawn(new Processes.SpawnRequest(
                    argv(binary, runAs),
                    QemuEnvironment.of(System.getenv()),
                    Map.of(CTRL_FD, ctrl.fd(), STATE_FD, stateFd),
                    dir.path().resolve(LOG_FILE).toString(),
                    true));
            ctrl.release(); // swtpm has it now; our copy closes, the file stays until the runtime directory goes
            Thread.ofPlatform()
                    .daemon()
                    .name("kvmctl-swtpm-reaper-" + pid)
                    .stackSize(64 * 1024)
                    .start(() -> {
                        try {
                            Processes.waitFor(pid, false);
                        } catch (SysCallException e) {
                            // not ours to reap after all: nothing to do
                        }
                    });
            Files.writeString(dir.path().resolve(PID_FILE), pid + "\n");
            Files.writeString(dir.path().resolve(STATE_FILE), stateDir + "\n");
        } finally {
            Libc.close(stateFd);
        }
    }

    /**
     * Stops the swtpm of runtime directory {@code runtimeDir} if it still runs: SIGTERM, then SIGKILL. Only a
     * process whose command is swtpm is signalled, so a pid reused since is left alone.
     */
    static void stop(Path runtimeDir) throws IOException {
        int pid;
        try {
            pid = Integer.parseInt(
                    Files.readString(runtimeDir.resolve(PID_FILE)).strip());
        } catch (NoSuchFileException | NumberFormatException none) {
            return;
        }
        if (!isSwtpm(pid)) {
            return;
        }
        if (Processes.kill(pid, Processes.SIGTERM) && !Processes.awaitExit(pid, 5000)) {
            Processes.kill(pid, Processes.SIGKILL);
            Processes.awaitExit(pid, 5000);
        }
    }

    /** Whether a swtpm with this pid runs now (not a zombie). */
    static boolean isSwtpm(int pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            String argv0 = new String(raw, StandardCharsets.UTF_8).split("\0", 2)[0];
            return !argv0.isEmpty() && Path.of(argv0).getFileName().toString().equals(NAME);
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** {@code swtpm 2.0 (state in DIR)} for a VM started with a TPM, empty otherwise: the line {@code status} shows. */
    public static Optional<String> statusLine(VmDirectory dir) {
        try {
            return Optional.of("swtpm 2.0 (state in "
                    + Files.readString(dir.path().resolve(STATE_FILE)).strip() + ")");
        } catch (IOException none) {
            return Optional.empty();
        }
    }
}
