package io.kvmctl.create;

import io.kvmctl.cloudinit.NoCloudSeed;
import io.kvmctl.cloudinit.SeedException;
import io.kvmctl.files.AtomicFile;
import io.kvmctl.firmware.FirmwareChoice;
import io.kvmctl.firmware.FirmwareDescriptor;
import io.kvmctl.firmware.InstalledFirmware;
import io.kvmctl.image.ImageFormat;
import io.kvmctl.image.ImageInfo;
import io.kvmctl.image.Images;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.profile.Size;
import io.kvmctl.vm.VmHomes;
import io.kvmctl.vm.VmNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes a VM's home from a {@link CreateRequest}: checks everything first (the image, the ISO, the disk size, the
 * firmware, the user-data), then makes the disk and writes the profile, and removes the home again if any step
 * fails, so a refused or failed {@code create} leaves nothing behind and never touches the base image.
 */
public final class VmCreator {
    /** ISO 9660's "CD001" sits in the first volume descriptor, at sector 16 (2048-byte sectors) plus one byte. */
    private static final long ISO_MAGIC_OFFSET = 16 * 2048 + 1;

    private final VmHomes homes;
    private final Images images;

    public VmCreator(VmHomes homes, Images images) {
        this.homes = homes;
        this.images = images;
    }

    /** What was created: the VM's home and its profile. */
    public record Created(Path home, Path profile, Path disk) {}

    public Created create(CreateRequest r, String commandLine) throws CreateException, IOException {
        if (!VmNames.isValid(r.name())) {
            throw new CreateException("'" + r.name() + "' is not a VM name: use 1 to 64 letters, digits, '.', '_' or"
                    + " '-', starting with a letter or digit");
        }
        Path home = homes.of(r.name());
        if (Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            throw new CreateException("a VM named " + r.name() + " already exists (" + home + "): choose another name,"
                    + " or remove that folder to start over");
        }
        Optional<ImageInfo> base = check(r);
        homes.ensure(r.name());
        try {
            Path disk = home.resolve(CreatedProfile.DISK);
            switch (r.source()) {
                case CreateRequest.Source.Image(Path image) ->
                    images.create(
                            disk,
                            r.diskSize(),
                            ImageFormat.QCOW2,
                            Optional.of(image.toAbsolutePath()),
                            Optional.of(base.orElseThrow().format()),
                            false);
                case CreateRequest.Source.Iso iso ->
                    images.create(disk, r.diskSize(), ImageFormat.QCOW2, Optional.empty(), false);
            }
            Path profile = home.resolve(r.name() + ".yaml");
            AtomicFile.write(
                    profile, CreatedProfile.yaml(r, commandLine).getBytes(StandardCharsets.UTF_8), "the profile");
            try {
                ProfileLoader.forThisHost().load(profile);
            } catch (ProfileException e) {
                // create wrote it, so this is kvmctl's bug: say so rather than leave a VM that cannot start
                throw new IOException("kvmctl wrote a profile it cannot read back (" + profile + "): "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
            return new Created(home, profile, disk);
        } catch (IOException | RuntimeException e) {
            removeQuietly(home);
            throw e;
        }
    }

    /** Removes what {@link #create} made (the VM's home), e.g. when defining the VM failed after it. */
    public void remove(Created created) {
        removeQuietly(created.home());
    }

    /** Every check that needs no file written; the image's facts when the source is an image. */
    private Optional<ImageInfo> check(CreateRequest r) throws CreateException, IOException {
        Optional<ImageInfo> info = Optional.empty();
        switch (r.source()) {
            case CreateRequest.Source.Image(Path image) -> {
                ImageInfo i = readImage(image);
                if (r.diskSize().isPresent() && r.diskSize().get().bytes() < i.virtualSize()) {
                    throw new CreateException("--disk-size " + r.diskSize().get() + " is smaller than the image "
                            + image + " (" + new Size(i.virtualSize()) + "): a disk cannot shrink; give at least "
                            + new Size(i.virtualSize()) + ", or leave --disk-size out to keep the image's size");
                }
                info = Optional.of(i);
            }
            case CreateRequest.Source.Iso(Path iso) -> {
                requireIso(iso);
                if (r.diskSize().isEmpty()) {
                    throw new CreateException(
                            "an installer needs an empty disk to install onto: give its size with --disk-size, e.g. 20G");
                }
                if (r.ssh() || r.cloudInit().isPresent()) {
                    throw new CreateException("--ssh and --cloud-init need a cloud image (--image): an installer from"
                            + " --iso does not read cloud-init's seed");
                }
            }
        }
        if (r.cloudInit().isPresent()) {
            Path file = r.cloudInit().get();
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new CreateException(
                        "cannot read --cloud-init " + file + " (" + reason(e) + "): give a readable user-data file");
            }
            try {
                NoCloudSeed.files(new NoCloudSeed.Input(
                        r.name(),
                        Optional.of(new NoCloudSeed.Document(text, file.toString())),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));
            } catch (SeedException e) {
                throw new CreateException(e.getMessage());
            }
        }
        if (r.firmware() == CreateRequest.Firmware.UEFI) {
            List<FirmwareDescriptor> installed = InstalledFirmware.descriptors();
            // any q35 version: the versioned type is resolved at the first start
            if (FirmwareChoice.pick(installed, "pc-q35-", false).isEmpty()) {
                throw new CreateException("--firmware uefi: " + FirmwareChoice.whyNone(installed, "pc-q35-", false));
            }
        }
        return info;
    }

    private ImageInfo readImage(Path image) throws CreateException {
        if (!Files.isRegularFile(image)) {
            throw new CreateException("no image at " + image + ": give the path of a disk image (qcow2 or raw)");
        }
        if (!Files.isReadable(image)) {
            throw new CreateException("cannot read the image " + image + ": check its permissions");
        }
        try {
            return images.info(image);
        } catch (IOException e) {
            throw new CreateException("cannot read the image " + image + ": " + reason(e));
        }
    }

    private static void requireIso(Path iso) throws CreateException {
        ByteBuffer magic = ByteBuffer.allocate(5);
        try (FileChannel in = FileChannel.open(iso)) {
            while (magic.hasRemaining() && in.read(magic, ISO_MAGIC_OFFSET + magic.position()) > 0) {
                // a short read is retried; the end of the file stops the loop
            }
        } catch (IOException e) {
            throw new CreateException("cannot read the ISO " + iso + ": " + reason(e));
        }
        if (magic.hasRemaining() || !new String(magic.array(), StandardCharsets.US_ASCII).equals("CD001")) {
            throw new CreateException(
                    iso + " is not an ISO 9660 image (no CD001 volume descriptor): give an installer .iso");
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void removeQuietly(Path home) {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: the error that brought us here is the one to report
        }
    }
}
