package io.kvmctl.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real guests {@code test-images/build debian installer} makes from Debian packages: a bookworm root disk
 * (GRUB for BIOS and UEFI, cloud-init NoCloud, openssh-server, qemu-guest-agent, serial console on ttyS0) and the
 * Debian installer's netboot ISOs. Tests skip when one is missing, because building the disk takes root,
 * debootstrap and deb.debian.org, which a machine may lack, and minutes the unit-test path should not pay.
 */
public final class DebianImages {
    public static final Path DISK = TestGuests.IMAGES.resolve("debian/bookworm.qcow2");
    public static final Path INSTALLER_ISO = TestGuests.IMAGES.resolve("debian-installer/installer.iso");
    public static final Path INSTALLER_SERIAL_ISO = TestGuests.IMAGES.resolve("debian-installer/installer-serial.iso");

    /** What agetty prints from /etc/issue right before the login prompt, which itself ends no line. */
    public static final String ISSUE_LINE = "Debian GNU/Linux 12 ";

    private DebianImages() {}

    /** The Debian disk, or the test is skipped naming the command that builds it. */
    public static Path disk() {
        return require(DISK, "test-images/build debian");
    }

    /**
     * The Debian disk for a test that boots it, or the test is skipped: besides a missing disk, when this pass of
     * {@code make test} leaves guest boots to the other one. A Debian boot under TCG takes minutes, twice as long on
     * QEMU 7.2 as on 10.0 here, so {@code make test} boots real guests in its QEMU 10 pass only
     * ({@code -Dit.realguests=false} in the 7.2 pass); {@code make test-guests} boots them on both.
     */
    public static Path bootableDisk() {
        requireRealGuestPass();
        return disk();
    }

    private static void requireRealGuestPass() {
        assumeTrue(
                Boolean.parseBoolean(System.getProperty("kvmctl.it.realguests", "true")),
                "real-guest boots run in the QEMU 10 pass of make test; 'make test-guests' runs them against both");
    }

    /** The installer ISO that stops at its boot menu, or the test is skipped. */
    public static Path installerIso() {
        return require(INSTALLER_ISO, "test-images/build installer");
    }

    /** The installer ISO that boots at once with its console on ttyS0, or the test is skipped. */
    public static Path installerSerialIso() {
        return require(INSTALLER_SERIAL_ISO, "test-images/build installer");
    }

    /**
     * The serial installer ISO for a test that boots the installer's kernel to its first dialog (a minute or more
     * under TCG, twice that on QEMU 7.2), or the test is skipped like {@link #bootableDisk()}'s.
     */
    public static Path bootableInstallerSerialIso() {
        requireRealGuestPass();
        return installerSerialIso();
    }

    private static Path require(Path image, String build) {
        assumeTrue(
                Files.isRegularFile(image),
                () -> image + " is missing: build it with '" + build + "' as root (make images does, as root; it"
                        + " needs debootstrap and the other tools of scripts/install-deps, and deb.debian.org)");
        return image;
    }

    /**
     * A profile booting the Debian disk under TCG through the firmware (BIOS), on an overlay so the cached image is
     * only read, written to {@code dir/NAME.yaml}. {@code extraYaml} adds top-level fields (nics, ...).
     */
    public static Path diskProfile(Path dir, String name, String extraYaml) throws IOException {
        bootableDisk();
        String yaml = """
                name: %s
                accel: tcg
                memory: 1G
                disks:
                  - {id: root, file: %s, format: qcow2, overlay: true}
                boot: [root]
                %s
                """.formatted(name, disk(), extraYaml);
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }
}
