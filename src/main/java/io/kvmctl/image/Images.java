package io.kvmctl.image;

import io.kvmctl.profile.Size;
import io.kvmctl.text.DiskFull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Image operations on top of {@link QemuImg}, each refusing to replace an existing file unless forced. */
public final class Images {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration QUICK = Duration.ofSeconds(60);

    private final QemuImg qemuImg;

    public Images(QemuImg qemuImg) {
        this.qemuImg = qemuImg;
    }

    public static Images fromEnvironment() {
        return new Images(QemuImg.fromEnvironment());
    }

    /**
     * Reads an image's facts. {@code --force-share} because the image may belong to a running VM: reading the
     * header then works despite QEMU's lock (the figures are a snapshot of a moving target).
     */
    public ImageInfo info(Path file) throws IOException {
        requireReadable(file);
        String out = qemuImg.run(List.of("info", "--output=json", "--force-share", file.toString()), QUICK);
        try {
            return ImageInfo.fromJson(JSON.readTree(out));
        } catch (JacksonException e) {
            throw new ImageException("qemu-img info printed no JSON for " + file + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Creates an image. With {@code backing}, the new qcow2 records it (and its format, read from it) and
     * {@code size} may be empty to take the backing image's size.
     */
    public ImageInfo create(Path file, Optional<Size> size, ImageFormat format, Optional<Path> backing, boolean force)
            throws IOException {
        return create(file, size, format, backing, Optional.empty(), force);
    }

    /**
     * Like {@link #create(Path, Optional, ImageFormat, Optional, boolean)} with the backing image's format given
     * rather than probed: a raw image whose guest wrote a qcow2 header must stay raw (a probed "qcow2" could name
     * any host file as its backing).
     */
    public ImageInfo create(
            Path file,
            Optional<Size> size,
            ImageFormat format,
            Optional<Path> backing,
            Optional<String> backingFormat,
            boolean force)
            throws IOException {
        refuseExisting(file, force);
        List<String> args = new ArrayList<>(List.of("create", "-q", "-f", format.qemuName()));
        if (backing.isPresent()) {
            if (format != ImageFormat.QCOW2) {
                throw new ImageException("only qcow2 images can have a backing image; use --format qcow2");
            }
            Path base = backing.get().toAbsolutePath().normalize();
            if (base.equals(file.toAbsolutePath().normalize())) {
                throw new ImageException("an image cannot be its own backing image");
            }
            String baseFormat =
                    backingFormat.isPresent() ? backingFormat.get() : info(base).format();
            requireReadable(base);
            args.addAll(List.of("-b", base.toString(), "-F", baseFormat));
        } else if (size.isEmpty()) {
            throw new ImageException(
                    "give the size of the new image, e.g. 10G (only with --backing may it be left" + " out)");
        }
        writeBeside(file, "create", partial -> {
            args.add(partial.toString());
            size.ifPresent(s -> args.add(Long.toString(s.bytes())));
            qemuImg.run(args, QUICK);
        });
        return info(file);
    }

    /** Copies {@code source} into a new image {@code target} of {@code format}, reporting whole percents. */
    public ImageInfo convert(
            Path source, Path target, ImageFormat format, boolean force, Duration timeout, IntConsumer progress)
            throws IOException {
        ImageInfo in = info(source);
        if (source.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
            throw new ImageException("source and target are the same file; convert into a new file");
        }
        refuseExisting(target, force);
        List<String> args = new ArrayList<>(List.of("convert", "-f", in.format(), "-O", format.qemuName()));
        if (progress != null) {
            args.add("-p");
        }
        args.add(source.toString());
        writeBeside(target, "convert " + source + " into", partial -> {
            args.add(partial.toString());
            qemuImg.run(args, timeout, progress);
        });
        return info(target);
    }

    /** What qemu-img does into the partial file. */
    @FunctionalInterface
    private interface Writer {
        void writeTo(Path partial) throws IOException;
    }

    /**
     * Has qemu-img write {@code .NAME.kvmctl-partial} beside {@code file} and renames it to {@code file} only when
     * qemu-img succeeded: a failure (a full disk, a timeout, a kill) never leaves a half image under the final
     * name, and an image replaced with --force stays as it was until the new one is complete.
     */
    private static void writeBeside(Path file, String what, Writer writer) throws IOException {
        Path target = file.toAbsolutePath();
        Path partial = partialOf(target);
        Files.deleteIfExists(partial); // a crashed earlier run's
        try {
            writer.writeTo(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof java.io.InterruptedIOException || e instanceof RuntimeException) {
                throw e;
            }
            String reason = e.getMessage() == null
                    ? e.toString()
                    : e.getMessage()
                            .replace(
                                    partial.toString(),
                                    target.getFileName() + " (being written as " + partial.getFileName() + ")");
            throw new ImageException(
                    "could not " + what + " " + target + ": " + reason
                            + DiskFull.hint(reason, target).orElse("") + "; "
                            + (Files.exists(target)
                                    ? "the existing " + target.getFileName() + " is unchanged"
                                    : "no " + target.getFileName() + " was left behind"),
                    e);
        }
    }

    /** Where {@code file} is written before it is complete. */
    private static Path partialOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".kvmctl-partial");
    }

    /** The one check every writing command makes first. */
    static void refuseExisting(Path file, boolean force) throws ImageException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new ImageException(file + " already exists; choose another name, or add --force to replace it");
        }
        if (Files.isDirectory(file)) {
            throw new ImageException(file + " is a directory; give a file name");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new ImageException("the folder " + parent + " does not exist; create it first");
        }
    }

    private static void requireReadable(Path file) throws ImageException {
        if (!Files.exists(file)) {
            throw new ImageException("no such image: " + file);
        }
        if (!Files.isRegularFile(file) && !file.toString().startsWith("/dev/")) {
            throw new ImageException(file + " is not a file");
        }
    }
}
