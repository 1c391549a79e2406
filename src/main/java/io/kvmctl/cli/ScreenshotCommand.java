package io.kvmctl.cli;

import io.kvmctl.vm.Vm;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvmctl screenshot NAME FILE.png}: the guest's screen as a PNG, through QMP screendump. */
@Command(
        name = "screenshot",
        mixinStandardHelpOptions = true,
        description = "Save a VM's screen as a PNG file (QMP screendump; needs a display).")
final class ScreenshotCommand extends VmCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
    String name;

    @Parameters(index = "1", paramLabel = "FILE.png", description = "Where to write the PNG")
    Path file;

    @Override
    public Integer call() throws Exception {
        BufferedImage image;
        try (Vm vm = attach(name)) {
            image = vm.display().screenshot(file);
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        out().println("wrote " + file + " (" + image.getWidth() + "x" + image.getHeight() + " PNG)");
        return 0;
    }
}
