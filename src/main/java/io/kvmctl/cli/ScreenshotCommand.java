package io.kvmctl.cli;

import io.kvmctl.cli.json.ScreenshotJson;
import io.kvmctl.vm.Vm;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

    @Option(names = "--json", description = "Print what was written as JSON (kvmctl.screenshot/1, docs/json.md)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BufferedImage image;
        try (Vm vm = attach(name)) {
            image = vm.display().screenshot(file);
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        if (json) {
            out().println(CliJson.write(
                    ScreenshotJson.KIND,
                    new ScreenshotJson(
                            name,
                            file.toAbsolutePath().toString(),
                            "png",
                            image.getWidth(),
                            image.getHeight(),
                            Files.size(file))));
            return 0;
        }
        out().println("wrote " + file + " (" + image.getWidth() + "x" + image.getHeight() + " PNG)");
        return 0;
    }
}
