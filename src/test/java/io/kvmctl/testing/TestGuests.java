package io.kvmctl.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The guests built by {@code test-images/build} ({@code make images}, which {@code make test} runs first), and
 * profiles for them written into a test's temporary folder.
 */
public final class TestGuests {
    public static final Path IMAGES = Path.of("test-images/out").toAbsolutePath();
    public static final Path KERNEL = IMAGES.resolve("linux/vmlinuz");
    public static final Path INITRD = IMAGES.resolve("linux/initramfs.cpio.gz");
    public static final Path HELLO = IMAGES.resolve("boot/hello.img");
    public static final Path COUNTER = IMAGES.resolve("boot/counter.img");
    public static final String READY = "kvmctl-guest: READY";

    private TestGuests() {}

    /** Fails (not skips) when the images are missing: the test command builds them, so that is a bug. */
    public static void requireImages() {
        for (Path p : new Path[] {KERNEL, INITRD, HELLO, COUNTER}) {
            assertTrue(Files.isRegularFile(p), p + " is missing: run 'make images' (make test does it first)");
        }
    }

    /** A Linux guest profile under TCG with one user-network NIC, written to {@code dir/NAME.yaml}. */
    public static Path linuxProfile(Path dir, String name, String extraYaml) throws IOException {
        requireImages();
        String yaml = """
                name: %s
                accel: tcg
                memory: 256M
                boot:
                  kernel: %s
                  initrd: %s
                  append: console=ttyS0 quiet kvmctl.heartbeat=1
                %s
                """.formatted(name, KERNEL, INITRD, extraYaml);
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }

    /**
     * The accelerator for tests about kvmctl's own behaviour (lifecycle, faults) rather than KVM: {@code kvm} where
     * /dev/kvm is usable, else {@code tcg}, so they still run on a host without KVM. Tests about KVM itself ask for
     * {@code kvm} and skip without it.
     */
    public static final String KVM_IF_USABLE = usable(Path.of("/dev/kvm")) ? "kvm" : "tcg";

    private static boolean usable(Path device) {
        return Files.isReadable(device) && Files.isWritable(device);
    }

    /** A boot-sector guest profile ({@code hello} or {@code counter}) under {@code accel}. */
    public static Path bootSectorProfile(Path dir, String name, Path image, String accel) throws IOException {
        requireImages();
        String yaml = """
                name: %s
                accel: %s
                memory: 16M
                disks:
                  - file: %s
                    format: raw
                    bus: ide
                """.formatted(name, accel, image);
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }
}
