package io.kvmctl.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvmctl.sys.Processes;
import io.kvmctl.vm.LogRoot;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.VmHomes;
import io.kvmctl.vm.VmRecordStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private runtime root and log folder for each test, so tests never see or touch real VMs nor write to
 * /var/log, and no QEMU left behind: after each
 * test every VM still recorded there is killed (its supervisor's process group), then every other process whose
 * command line names the test's folder, and the folder is deleted. The folder ({@link #dir()}) also holds the
 * test's profiles and images; the root is {@code dir()/run}.
 *
 * <p>Where the folder lives is the one choice: {@code /tmp} (the default), a small tmpfs of its own
 * ({@link #onTmpfs}, to fill a disk), or a root that kvmctl makes itself for another user ({@link #at}).
 *
 * {@snippet :
 * @RegisterExtension
 * final IsolatedVms vms = new IsolatedVms();
 * final Path tmp = vms.dir();
 * final RuntimeRoot root = vms.root();
 * ... Vm.start(profile, vms.options()) ...
 * }
 *
 * The folder is made on first use (a field initializer, as above, or at the latest before each test), so register
 * it on an instance field: JUnit's default lifecycle makes a new test instance, and so a new folder, per test.
 */
public final class IsolatedVms implements BeforeEachCallback, AfterEachCallback {
    private final String tmpfsSize;
    private final Supplier<Path> fixedRoot;
    private Path dir;
    private Path guarded;
    private RuntimeRoot root;
    private final List<RuntimeRoot> roots = new ArrayList<>();
    private boolean mounted;
    private boolean ended;

    /** The folder in /tmp: short, since socket paths must fit in sun_path (108 bytes). */
    public IsolatedVms() {
        this(null, null);
    }

    private IsolatedVms(String tmpfsSize, Supplier<Path> fixedRoot) {
        this.tmpfsSize = tmpfsSize;
        this.fixedRoot = fixedRoot;
    }

    /**
     * The folder is a tmpfs of {@code size} (mount's {@code size=}, e.g. "256m") mounted for the test alone and
     * unmounted after it, so a test can fill it to the last page. Mounting needs root: the test is skipped
     * without.
     */
    public static IsolatedVms onTmpfs(String size) {
        return new IsolatedVms(size, null);
    }

    /**
     * Exactly the root {@code root} gives when the test starts (e.g. another user's default
     * {@code /tmp/kvmctl-UID}), left for kvmctl to create with that user's owner and mode. Guarded and deleted
     * like any other; there is no {@link #dir()}.
     */
    public static IsolatedVms at(Supplier<Path> root) {
        return new IsolatedVms(null, root);
    }

    /**
     * The log folder of the tests' kvmctl processes for runtime root {@code root} (see {@link KvmctlProcess}):
     * beside it, so that it goes with the test's folder.
     */
    public static LogRoot logRootBeside(RuntimeRoot root) {
        return new LogRoot(root.path().resolveSibling("logs"));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        create();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (guarded == null || ended) {
            return;
        }
        ended = true;
        try {
            killVms();
        } finally {
            try {
                if (mounted) {
                    OtherUser.sh(true, "umount", "-l", dir.toString());
                }
            } finally {
                Folders.deleteTree(guarded);
            }
        }
    }

    /** The test's runtime root, {@code dir()/run}. */
    public RuntimeRoot root() {
        create();
        return root;
    }

    /** Another root in the test's folder ({@code dir()/name}, e.g. a second "host"), guarded like the first. */
    public RuntimeRoot root(String name) {
        create();
        requireDir();
        try {
            RuntimeRoot other = new RuntimeRoot(dir.resolve(name)).ensure();
            roots.add(other);
            return other;
        } catch (IOException e) {
            throw new UncheckedIOException("creating runtime root " + dir.resolve(name), e);
        }
    }

    /** The test's private folder, for profiles and images. */
    public Path dir() {
        create();
        requireDir();
        return dir;
    }

    /**
     * The VM homes of the tests' kvmctl processes for runtime root {@code root}: {@code data/vms} beside it, so
     * kvmctl's ssh keys and the like go with the test's folder.
     */
    public static VmHomes homesBeside(RuntimeRoot root) {
        return new VmHomes(dataDirBeside(root).resolve("vms"));
    }

    /** What {@code KVMCTL_DATA_DIR} is for a kvmctl process on runtime root {@code root}. */
    public static Path dataDirBeside(RuntimeRoot root) {
        return root.path().resolveSibling("data");
    }

    /** What {@code KVMCTL_STORE_DIR} (defined VMs) is for a kvmctl process on runtime root {@code root}. */
    public static Path storeBeside(RuntimeRoot root) {
        return root.path().resolveSibling("store");
    }

    /** Where a kvmctl process on runtime root {@code root} installs autostart units. */
    public static Path unitDirBeside(RuntimeRoot root) {
        return root.path().resolveSibling("systemd-units");
    }

    /** Where the VMs of this test keep their homes (see {@link VmHomes}). */
    public VmHomes homes() {
        return homesBeside(root());
    }

    /** Where the VMs of this test keep their logs at {@code down}: beside its runtime root. */
    public LogRoot logRoot() {
        return logRootBeside(root());
    }

    /** Start options for this root, log folder and homes. */
    public StartOptions options() {
        return StartOptions.defaults().withRoot(root()).withLogRoot(logRoot()).withHomes(homes());
    }

    /**
     * Kills every VM of the test now and waits until no process names its folder any more. After each test this
     * happens anyway; a test calls it first when something it tears down itself (a network namespace, a tap)
     * must outlive the VMs.
     */
    public void killVms() throws IOException, InterruptedException {
        if (guarded == null) {
            return;
        }
        for (RuntimeRoot r : roots) {
            for (String name : r.names()) {
                try {
                    VmRecordStore.read(r.vm(name)).ifPresent(record -> {
                        try {
                            Processes.killGroup(record.supervisorPid(), Processes.SIGKILL);
                        } catch (IOException gone) {
                            // already gone
                        }
                    });
                } catch (IOException damaged) {
                    // nothing recorded to kill
                }
            }
        }
        // A QEMU no record names (its kvmctl was killed before writing one, or a test started it by hand) goes too.
        RootProcesses.killAll(guarded);
        // Killed processes let go of their files (sockets, a tmpfs to unmount) only once they are gone.
        List<RootProcesses.Proc> left = RootProcesses.awaitNone(guarded, 10);
        if (!left.isEmpty()) {
            throw new IOException("still running 10 s after SIGKILL: " + left);
        }
        releaseCgroups();
    }

    /**
     * Removes the cgroups of the VMs killed above: {@code down} would have, but a killed VM's runtime directory is
     * simply deleted with the test's folder, and each left-over cgroup (three per VM on cgroup v1) would stay on
     * the host.
     */
    private void releaseCgroups() throws IOException {
        for (RuntimeRoot r : roots) {
            for (String name : r.names()) {
                Path note = r.vm(name).path().resolve("cgroup");
                try {
                    if (Files.isRegularFile(note)) {
                        io.kvmctl.limits.CgroupFiles.remove(io.kvmctl.limits.VmCgroup.parse(Files.readString(note)));
                    }
                } catch (IOException | IllegalArgumentException e) {
                    // a damaged note: nothing to find the cgroup by
                }
            }
        }
    }

    private void create() {
        if (guarded != null) {
            return;
        }
        try {
            if (fixedRoot != null) {
                root = new RuntimeRoot(fixedRoot.get());
                guarded = root.path();
            } else {
                dir = Files.createTempDirectory(Path.of("/tmp"), tmpfsSize != null ? "kvmctl-df-" : "kvmctl-it-");
                guarded = dir;
                if (tmpfsSize != null) {
                    mountTmpfs();
                }
                root = new RuntimeRoot(dir.resolve("run")).ensure();
            }
            roots.add(root);
        } catch (IOException e) {
            throw new UncheckedIOException("creating the isolated runtime root", e);
        }
    }

    private void mountTmpfs() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            Files.delete(dir);
            guarded = null;
            assumeTrue(false, "mounting a tmpfs needs root");
        }
        OtherUser.sh(true, "mount", "-t", "tmpfs", "-o", "size=" + tmpfsSize + ",mode=0755", "tmpfs", dir.toString());
        mounted = true;
    }

    private void requireDir() {
        if (dir == null) {
            throw new IllegalStateException("a root kvmctl makes itself (IsolatedVms.at) has no test folder");
        }
    }
}
