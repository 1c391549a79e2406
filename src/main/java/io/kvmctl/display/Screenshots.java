package io.kvmctl.display;

import io.kvmctl.files.AtomicFile;
import io.kvmctl.qapi.PassedFile;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpException;
import io.kvmctl.text.DiskFull;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import javax.imageio.ImageIO;

/**
 * A PNG of the guest's screen through QMP {@code screendump}. QEMU writes the file itself, so it goes to the VM's
 * runtime directory (where QEMU may write) and is then moved to the target. QEMU 7.1+ built with libpng writes PNG
 * ({@code format: png}); otherwise kvmctl asks for PPM and converts it with javax.imageio.
 */
public final class Screenshots {
    private Screenshots() {}

    /** Writes the screen to {@code target} as PNG and returns the image. */
    public static BufferedImage capture(QmpClient qmp, Path runtimeDir, Path target) throws IOException {
        try {
            return captureVia(qmp, runtimeDir, target);
        } catch (QmpException e) {
            if (!DiskFull.means(e.getMessage())) {
                throw e;
            }
            // QEMU names no file: it wrote its dump into the runtime directory, which is on the full disk.
            throw new IOException(
                    "could not write the screenshot " + target.toAbsolutePath() + ": QEMU could not"
                            + " write its screen dump into " + runtimeDir + " (" + e.getMessage() + ")"
                            + DiskFull.hint(e.getMessage(), runtimeDir.resolve("screendump.png"))
                                    .orElse("") + "; "
                            + (Files.exists(target)
                                    ? "the previous " + target.getFileName() + " is unchanged"
                                    : "nothing was written"),
                    e);
        }
    }

    private static BufferedImage captureVia(QmpClient qmp, Path runtimeDir, Path target) throws IOException {
        Path png = runtimeDir.resolve("screendump.png");
        Path ppm = runtimeDir.resolve("screendump.ppm");
        try {
            BufferedImage image;
            try {
                dump(qmp, png, true);
                image = ImageIO.read(png.toFile());
            } catch (QmpException e) {
                if (!e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("png")
                        && !e.getMessage().contains("format")) {
                    throw e; // e.g. "There is no console to take a screendump from": no display
                }
                dump(qmp, ppm, false);
                image = PpmImage.decode(Files.readAllBytes(ppm));
                ImageIO.write(image, "png", png.toFile());
            }
            if (image == null) {
                throw new IOException("QEMU's screendump " + png + " is not a readable PNG");
            }
            AtomicFile.write(
                    target.toAbsolutePath(),
                    "the screenshot",
                    temp -> Files.copy(png, temp, StandardCopyOption.REPLACE_EXISTING));
            return image;
        } finally {
            Files.deleteIfExists(png);
            Files.deleteIfExists(ppm);
        }
    }

    /**
     * QEMU writes the dump into a file kvmctl created (0600) and hands over as a descriptor: a QEMU that dropped
     * root to the kvmctl user could not create a file in root's 0700 runtime directory itself.
     */
    private static void dump(QmpClient qmp, Path file, boolean png) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        QmpCommands commands = new QmpCommands(qmp);
        try (PassedFile passed = PassedFile.open(commands, file, PassedFile.Access.WRITE_ONLY)) {
            commands.screendump(Path.of(passed.path()), png);
        }
    }
}
