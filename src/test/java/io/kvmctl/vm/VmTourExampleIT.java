package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestGuests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example program {@code examples/VmTour.java}, compiled as an embedder compiles it (against the io.kvmctl
 * module, with every lint warning an error) and run in its own JVM against a real QEMU: it starts the Linux test
 * guest, hot-adds a disk, takes a snapshot, unplugs the disk, migrates the VM locally and stops it.
 */
class VmTourExampleIT {
    private static final Path EXAMPLE = Path.of("examples/VmTour.java");

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();

    @Test
    void exampleStartsHotAddsSnapshotsMigratesAndStopsAVm() throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        Path classes = tmp.resolve("classes");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(
                null,
                diagnostics,
                diagnostics,
                "--release",
                "22",
                "-Xlint:all",
                "-Werror",
                "--module-path",
                modulePath,
                "--add-modules",
                "io.kvmctl",
                "-d",
                classes.toString(),
                EXAMPLE.toString());
        assertEquals(0, compiled, "examples/VmTour.java does not compile:\n" + diagnostics);

        Path profile = TestGuests.linuxProfile(tmp, "tour", "");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=io.kvmctl",
                        "--module-path",
                        modulePath,
                        "--add-modules",
                        "io.kvmctl",
                        "-cp",
                        classes.toString(),
                        "VmTour",
                        profile.toString(),
                        tmp.resolve("scratch").toString()))
                .redirectErrorStream(true);
        pb.environment().put("KVMCTL_RUNTIME_DIR", vms.root().path().toString());
        Process tour = pb.start();
        tour.getOutputStream().close();
        String out = new String(tour.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tour.waitFor(300, TimeUnit.SECONDS), "the example did not finish:\n" + out);

        assertEquals(0, tour.exitValue(), out);
        assertTrue(out.contains("guest ready: running"), out);
        assertTrue(out.contains("hot-added virtio-blk disk data"), out);
        assertTrue(out.contains("snapshots: [tour]"), out);
        assertTrue(out.contains("migrated: COMPLETED"), out);
        assertTrue(out.contains("unplugged data"), out);
        assertTrue(out.contains("running again: running"), out);
        assertTrue(out.contains("stopped: the guest powered off"), out);
        assertEquals(List.of(), vms.root().names(), "the example left a VM behind:\n" + out);
        assertTrue(Files.exists(tmp.resolve("scratch/data.qcow2")), out);
    }
}
