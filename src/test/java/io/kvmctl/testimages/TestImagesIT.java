package io.kvmctl.testimages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestQemu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Boots the guests of {@code test-images/} with bare QEMU and checks the markers other tests rely on. QEMU is
 * the one {@link TestQemu} names ({@code $KVMCTL_QEMU}, e.g. the QEMU 10 wrapper, else the system's).
 */
class TestImagesIT {
    private static final Path IMAGES = Path.of("test-images").toAbsolutePath();
    private static final Path OUT = IMAGES.resolve("out");
    /** TCG on a loaded 2-core machine: READY takes a few seconds; the margin covers parallel builds. */
    private static final Duration BOOT = Duration.ofSeconds(120);

    private static final Duration STEP = Duration.ofSeconds(30);

    private static String qemu;

    @BeforeAll
    static void buildImagesAndFindQemu() throws Exception {
        qemu = TestQemu.require().toString();
        // Up-to-date images make this a no-op of a fraction of a second (the build keeps stamps).
        Process build = new ProcessBuilder(IMAGES.resolve("build").toString(), "linux", "boot")
                .redirectErrorStream(true)
                .start();
        boolean done = build.waitFor(10, TimeUnit.MINUTES);
        String log = new String(build.getInputStream().readAllBytes());
        if (!done) {
            build.destroyForcibly();
        }
        assertTrue(done && build.exitValue() == 0, () -> "test-images/build failed:\n" + log);
    }

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();

    @Test
    void linuxGuestIsReadyBeatsAndPowersOffOnSystemPowerdown() throws Exception {
        Path qmpSocket = tmp.resolve("qmp.sock");
        List<String> argv = List.of(
                qemu,
                "-accel",
                "tcg",
                "-m",
                "256",
                "-nodefaults",
                "-display",
                "none",
                "-kernel",
                OUT.resolve("linux/vmlinuz").toString(),
                "-initrd",
                OUT.resolve("linux/initramfs.cpio.gz").toString(),
                "-append",
                "console=ttyS0 quiet",
                "-serial",
                "stdio",
                "-qmp",
                "unix:" + qmpSocket + ",server=on,wait=off");
        Process vm = start(argv, tmp);
        try {
            SerialLines serial = new SerialLines(vm.getInputStream());
            serial.await("kvmctl-guest: READY", "kvmctl-guest: READY"::equals, BOOT);
            long first = heartbeat(serial.await("a heartbeat", TestImagesIT::isHeartbeat, STEP));
            long second = heartbeat(serial.await("a second heartbeat", TestImagesIT::isHeartbeat, STEP));
            assertTrue(first >= 1 && second > first, "heartbeats must count up: " + first + ", then " + second);

            // The socket exists: QEMU creates it before the guest runs, and the guest already printed READY.
            try (RawQmp qmp = RawQmp.connect(qmpSocket, STEP)) {
                assertEquals("{\"return\": {}}", qmp.execute("system_powerdown", STEP));
                // The guest's own shutdown (acpid -> poweroff), not QEMU deciding to quit.
                String shutdown = qmp.awaitLine("the SHUTDOWN event", l -> l.contains("\"SHUTDOWN\""), STEP);
                assertTrue(shutdown.contains("\"guest\": true"), shutdown);
            }
            assertTrue(
                    vm.waitFor(STEP.toSeconds(), TimeUnit.SECONDS),
                    () -> "QEMU still runs after the guest powered off; stderr: " + stderr(tmp));
            assertEquals(0, vm.exitValue(), () -> "QEMU exit status; stderr: " + stderr(tmp));
        } finally {
            kill(vm);
        }
    }

    @ParameterizedTest(name = "accel {0}")
    @ValueSource(strings = {"tcg", "kvm"})
    void helloBootSectorPrintsItsLine(String accel) throws Exception {
        if (accel.equals("kvm")) {
            Path kvm = Path.of("/dev/kvm");
            assumeTrue(Files.isReadable(kvm) && Files.isWritable(kvm), "/dev/kvm is missing or not accessible");
        }
        List<String> argv = List.of(
                qemu,
                "-accel",
                accel,
                "-nodefaults",
                "-display",
                "none",
                "-drive",
                "format=raw,file=" + OUT.resolve("boot/hello.img"),
                "-serial",
                "stdio");
        Process vm = start(argv, tmp);
        try {
            SerialLines serial = new SerialLines(vm.getInputStream());
            // Under KVM on this nested host SeaBIOS alone takes about 5 s; under TCG the line comes in ~0.2 s.
            serial.await("kvmctl-boot: hello", "kvmctl-boot: hello"::equals, STEP);
        } finally {
            kill(vm);
        }
    }

    private static Process start(List<String> argv, Path tmp) throws IOException {
        return new ProcessBuilder(new ArrayList<>(argv))
                .redirectError(tmp.resolve("qemu.stderr").toFile())
                .start();
    }

    private static void kill(Process vm) throws InterruptedException {
        vm.destroyForcibly();
        vm.waitFor(10, TimeUnit.SECONDS);
    }

    private static String stderr(Path tmp) {
        try {
            return Files.readString(tmp.resolve("qemu.stderr"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static boolean isHeartbeat(String line) {
        return line.matches("kvmctl-guest: heartbeat \\d+");
    }

    private static long heartbeat(String line) {
        return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }
}
