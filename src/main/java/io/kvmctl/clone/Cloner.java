package io.kvmctl.clone;

import io.kvmctl.files.AtomicFile;
import io.kvmctl.image.ImageException;
import io.kvmctl.image.ImageFormat;
import io.kvmctl.image.Images;
import io.kvmctl.profile.BootSpec;
import io.kvmctl.profile.DiskSpec;
import io.kvmctl.profile.MacAddress;
import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.Profile;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.ProfileLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Makes a clone's profile from the source's: new name, random UUID, MACs derived from the new name, every
 * writable disk replaced by a qcow2 overlay over the source's image (read-only disks are shared as they are), all
 * paths absolute. What two VMs cannot share (host ports, tap names, a fixed VNC display, a serial log file) is
 * dropped, and each drop is noted.
 */
public final class Cloner {
    private static final Pattern VM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Images images;

    public Cloner(Images images) {
        this.images = images;
    }

    /**
     * Copies or overlays the source's disks and writes the clone's profile (new name, MACs and UUID).
     *
     * @param sourceProfile the source's profile file
     * @param sourceRunning whether the source VM runs now: then it must not write to any disk the clone uses
     * @param newName the clone's name
     * @param dir where the clone's profile ({@code NEW.yaml}) and overlays ({@code NEW-DISK.qcow2}) go
     * @param force replace existing files there
     */
    public CloneResult clone(
            Path sourceProfile, String sourceName, boolean sourceRunning, String newName, Path dir, boolean force)
            throws IOException {
        if (!VM_NAME.matcher(newName).matches()) {
            throw new IllegalArgumentException("'" + newName + "' is not a valid VM name; use 1 to 64 letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit");
        }
        if (newName.equals(sourceName)) {
            throw new IllegalArgumentException("the clone needs a name of its own, not " + sourceName);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the folder " + dir + " does not exist; create it first");
        }
        Profile source;
        try {
            source = ProfileLoader.forThisHost().load(sourceProfile).profile();
        } catch (ProfileException e) {
            throw new IOException("the source profile " + sourceProfile + " is not valid: " + e.getMessage(), e);
        }
        if (sourceRunning) {
            List<String> writable = source.disks().stream()
                    .filter(d -> !d.readOnly() && !d.snapshot() && !d.overlay())
                    .map(d -> d.id() + " (" + d.file() + ")")
                    .toList();
            if (!writable.isEmpty()) {
                throw new IllegalStateException("VM " + sourceName + " is running and writes to disk "
                        + String.join(", ", writable) + ", so a clone would see a changing image; stop it first"
                        + " ('kvmctl down " + sourceName + "'), or give the disk readonly: true or overlay: true");
            }
        }
        Path target = dir.resolve(newName + ".yaml").toAbsolutePath();
        refuse(target, force);
        List<Path> overlayFiles = new ArrayList<>();
        for (DiskSpec d : source.disks()) {
            if (!d.readOnly()) {
                Path o = dir.resolve(newName + "-" + d.id() + ".qcow2").toAbsolutePath();
                refuse(o, force);
                overlayFiles.add(o);
            }
        }

        ObjectNode tree = read(sourceProfile);
        List<String> notes = new ArrayList<>();
        UUID uuid = UUID.randomUUID();
        tree.put("name", newName);
        tree.put("uuid", uuid.toString());
        absolutePaths(tree, source);
        if (tree.has("serial")) {
            tree.remove("serial");
            notes.add("serial.log dropped: two VMs cannot log to one file (the clone logs in its runtime directory)");
        }
        display(tree, notes);
        nics(tree, source, newName, notes);

        List<Path> created = new ArrayList<>();
        try {
            ArrayNode disks = tree.has("disks") ? (ArrayNode) tree.get("disks") : null;
            int overlay = 0;
            for (int i = 0; i < source.disks().size(); i++) {
                DiskSpec d = source.disks().get(i);
                ObjectNode entry = (ObjectNode) disks.get(i);
                entry.put("file", d.file().toString());
                if (d.readOnly()) {
                    continue;
                }
                Path o = overlayFiles.get(overlay++);
                images.create(
                        o,
                        Optional.empty(),
                        ImageFormat.QCOW2,
                        Optional.of(d.file()),
                        Optional.of(d.format().qemuName()),
                        force);
                created.add(o);
                entry.put("file", o.toString()).put("format", "qcow2");
                entry.put("id", d.id());
                entry.remove("overlay");
            }
            AtomicFile.write(
                    target, YAML.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8), "the clone's profile");
        } catch (IOException | RuntimeException e) {
            for (Path p : created) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
        return new CloneResult(target, uuid, created, notes);
    }

    private static void refuse(Path file, boolean force) throws ImageException {
        if (Files.exists(file) && !force) {
            throw new ImageException(
                    file + " already exists; choose another name or folder, or add --force to" + " replace it");
        }
    }

    private static ObjectNode read(Path profile) throws IOException {
        try {
            return (ObjectNode) YAML.readTree(Files.readString(profile));
        } catch (JacksonException | ClassCastException e) {
            throw new IOException(profile + " is not a profile mapping", e);
        }
    }

    /** The clone's profile may live elsewhere: every path becomes the absolute one the loader resolved. */
    private static void absolutePaths(ObjectNode tree, Profile source) {
        if (source.boot() instanceof BootSpec.Kernel(var kernel, var initrd, var append)
                && tree.get("boot") instanceof ObjectNode boot) {
            boot.put("kernel", kernel.toString());
            initrd.ifPresent(p -> boot.put("initrd", p.toString()));
        }
        if (tree.has("cdrom")) {
            source.cdroms().forEach(c -> tree.put("cdrom", c.file().toString()));
        } else if (tree.get("cdroms") instanceof ArrayNode cdroms) {
            for (int i = 0; i < source.cdroms().size() && i < cdroms.size(); i++) {
                if (cdroms.get(i) instanceof ObjectNode entry) {
                    entry.put("file", source.cdroms().get(i).file().toString());
                }
            }
        }
        source.qemu().ifPresent(p -> tree.put("qemu", p.toString()));
    }

    private static void display(ObjectNode tree, List<String> notes) {
        if (tree.get("display") instanceof ObjectNode d
                && d.has("vnc")
                && !"auto".equals(d.get("vnc").asString(""))) {
            d.put("vnc", "auto");
            notes.add("display.vnc set to auto: the source holds its VNC display number");
        }
    }

    private static void nics(ObjectNode tree, Profile source, String newName, List<String> notes) {
        JsonNode nics = tree.get("nics");
        if (!(nics instanceof ArrayNode list)) {
            return;
        }
        for (int i = 0; i < source.nics().size(); i++) {
            ObjectNode n = (ObjectNode) list.get(i);
            n.put("mac", MacAddress.derive(newName, i).toString());
            if (source.nics().get(i).backend() instanceof NetBackend.User u
                    && !u.forwards().isEmpty()
                    && n.get("user") instanceof ObjectNode user) {
                user.remove("hostfwd");
                notes.add("nics[" + i + "]: host port forwards dropped: the source holds those host ports");
            }
            if (n.get("tap") instanceof ObjectNode tap && tap.has("ifname")) {
                tap.remove("ifname");
                notes.add("nics[" + i + "]: tap ifname dropped: the source holds that tap");
            }
        }
    }
}
