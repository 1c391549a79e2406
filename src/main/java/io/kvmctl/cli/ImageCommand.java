package io.kvmctl.cli;

import io.kvmctl.cli.json.ImageInfoJson;
import io.kvmctl.image.ImageFormat;
import io.kvmctl.image.ImageInfo;
import io.kvmctl.image.Images;
import io.kvmctl.profile.Size;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvmctl image create|info|convert}: disk images through qemu-img. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        description = "Create, inspect and convert disk images (through qemu-img).",
        subcommands = {ImageCommand.Create.class, ImageCommand.Info.class, ImageCommand.Convert.class})
final class ImageCommand extends VmCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return KvmctlCommand.EXIT_USAGE;
    }

    static ImageFormat format(String text) {
        return ImageFormat.parse(text);
    }

    static void printInfo(java.io.PrintWriter out, ImageInfo info) {
        out.printf("%-14s %s%n", "image:", info.filename());
        out.printf("%-14s %s%n", "format:", info.format());
        out.printf("%-14s %s (%d bytes)%n", "virtual size:", new Size(info.virtualSize()), info.virtualSize());
        out.printf("%-14s %s%n", "disk size:", Sizes.human(info.actualSize()));
        info.backingFile()
                .ifPresent(b -> out.printf(
                        "%-14s %s%s%n",
                        "backing file:",
                        b,
                        info.backingFormat().map(f -> " (" + f + ")").orElse("")));
        if (info.dirty()) {
            out.printf("%-14s %s%n", "dirty:", "yes (not closed cleanly; 'qemu-img check' it)");
        }
        for (ImageInfo.Snapshot s : info.snapshots()) {
            out.printf("%-14s %s (id %s, vm state %s)%n", "snapshot:", s.name(), s.id(), Sizes.human(s.vmStateSize()));
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an image; never replaces an existing file without --force.")
    static final class Create extends VmCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The new image")
        Path file;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "SIZE",
                description = "Virtual size, e.g. 10G (may be left out with --backing: the base's size)")
        String size;

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                defaultValue = "qcow2",
                description = "qcow2 or raw (default: ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--backing", paramLabel = "BASE", description = "A qcow2 overlay over this image")
        Path backing;

        @Option(names = "--force", description = "Replace FILE if it exists")
        boolean force;

        @Override
        public Integer call() {
            try {
                Optional<Size> s = size == null ? Optional.empty() : Optional.of(SizeConverter.parse(size));
                if (s.isPresent() && s.get().bytes() == 0) {
                    return fail("the size must be above zero, e.g. 10G");
                }
                ImageInfo info =
                        Images.fromEnvironment().create(file, s, format(format), Optional.ofNullable(backing), force);
                out().printf(
                                "created %s: %s, %s%s%n",
                                file,
                                info.format(),
                                new Size(info.virtualSize()),
                                info.backingFile().map(b -> ", backing " + b).orElse(""));
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = "Show an image's format, sizes, backing image and snapshots.")
    static final class Info extends VmCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The image")
        Path file;

        @Option(names = "--json", description = "Print as JSON")
        boolean json;

        @Override
        public Integer call() {
            try {
                ImageInfo info = Images.fromEnvironment().info(file);
                if (json) {
                    out().println(CliJson.write(ImageInfoJson.KIND, ImageInfoJson.of(info)));
                } else {
                    printInfo(out(), info);
                }
                return 0;
            } catch (IOException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(
            name = "convert",
            mixinStandardHelpOptions = true,
            description = "Copy an image into a new one of the given format, with progress on a "
                    + "terminal; never replaces an existing file without --force.")
    static final class Convert extends VmCommand {
        @Parameters(index = "0", paramLabel = "SRC", description = "The source image (any format qemu-img reads)")
        Path source;

        @Parameters(index = "1", paramLabel = "DST", description = "The new image")
        Path target;

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                defaultValue = "qcow2",
                description = "qcow2 or raw (default: ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--force", description = "Replace DST if it exists")
        boolean force;

        @Option(names = "--progress", negatable = true, description = "Show progress (default: on a terminal)")
        Boolean progress;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                defaultValue = "24h",
                converter = DurationConverter.class,
                description = "Give up after this long: " + DurationConverter.SYNTAX + " (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        public Integer call() {
            boolean show =
                    progress != null ? progress : Terminal.interactive() && Verbosity.of(spec) != Verbosity.QUIET;
            try {
                ImageInfo info = Images.fromEnvironment()
                        .convert(
                                source,
                                target,
                                format(format),
                                force,
                                timeout,
                                show
                                        ? pct -> {
                                            err().printf("\rconverting %s: %3d%%", source.getFileName(), pct);
                                            err().flush();
                                        }
                                        : null);
                if (show) {
                    err().println();
                }
                out().printf(
                                "converted %s to %s: %s, %s on disk%n",
                                source, target, info.format(), Sizes.human(info.actualSize()));
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                if (show) {
                    err().println();
                }
                return fail(e.getMessage());
            }
        }
    }
}
