package io.kvmctl.testing;

import io.kvmctl.sys.Processes;
import io.kvmctl.vm.LogRoot;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.VmRecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private runtime root and log folder for each test, so tests never see or touch real VMs nor write to
 * /var/log, and no QEMU left behind: after each
 * test every VM still recorded there is killed (its supervisor's process group), then every other process whose
 * command line names the folder, and the root is deleted.
 * {@snippet :
 * @RegisterExtension
 * final IsolatedVms vms = new IsolatedVms();
 * ... Vm.start(profile, vms.options()) ...
 * }
 */
public final class IsolatedVms implements BeforeEachCallback, AfterEachCallback {
    private Path dir;
    private RuntimeRoot root;
    private LogRoot logRoot;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        // Short, under /tmp: socket paths must fit in sun_path (108 bytes).
        dir = Files.createTempDirectory(Path.of("/tmp"), "kvmctl-it-");
        root = new RuntimeRoot(dir.resolve("run")).ensure();
        logRoot = logRootBeside(root);
    }

    /**
     * The log folder of the tests' kvmctl processes for runtime root {@code root} (see {@link KvmctlProcess}):
     * beside it, so that it goes with the test's folder.
     */
    public static LogRoot logRootBeside(RuntimeRoot root) {
        return new LogRoot(root.path().resolveSibling("logs"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (String name : root.names()) {
            try {
                VmRecordStore.read(root.vm(name)).ifPresent(r -> {
                    try {
                        Processes.killGroup(r.supervisorPid(), Processes.SIGKILL);
                    } catch (IOException e) {
                        // already gone
                    }
                });
            } catch (IOException damaged) {
                // nothing recorded to kill
            }
        }
        // A QEMU no record names (its kvmctl was killed before writing one, or a test started it by hand) goes too.
        RootProcesses.killAll(dir);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a QEMU still exiting may remove its socket files under us; the folder is in /tmp either way
        }
    }

    public RuntimeRoot root() {
        return root;
    }

    /** Where the VMs of this test keep their logs at {@code down}. */
    public LogRoot logRoot() {
        return logRoot;
    }

    /** Start options for this root and log folder. */
    public io.kvmctl.vm.StartOptions options() {
        return io.kvmctl.vm.StartOptions.defaults().withRoot(root).withLogRoot(logRoot);
    }
}
