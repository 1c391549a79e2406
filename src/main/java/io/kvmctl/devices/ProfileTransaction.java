package io.kvmctl.devices;

import io.kvmctl.files.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a device in profile files around its hot-add, all or nothing. The profiles are edited before the device
 * is added: a profile that cannot be written (a full disk) stops the add before the guest has a device its profile
 * does not know of. When an edit or the add fails, each profile already edited gets its old bytes back (through
 * {@link AtomicFile}, like every kvmctl write). Apart from QMP, so the undo is tested with plain files.
 */
final class ProfileTransaction {
    /** The hot-add itself, run once every profile records the device. */
    @FunctionalInterface
    interface HotAdd {
        void run() throws IOException;
    }

    private ProfileTransaction() {}

    /**
     * Records the device in each profile, then hot-adds it; on failure each profile gets its old bytes back.
     *
     * @param profiles the candidates, in order; those that are not regular files now are skipped
     * @param id the id the device gets (a disk's {@code id:} in the profile)
     * @return the profiles that now record the device
     */
    static List<Path> recordAround(List<Path> profiles, String id, DeviceRequest request, HotAdd add)
            throws IOException {
        if (request instanceof DeviceRequest.Usb) {
            throw new DeviceException("a USB device cannot be recorded in a profile (profiles have no USB devices)");
        }
        Map<Path, byte[]> edited = new LinkedHashMap<>();
        try {
            for (Path profile : profiles) {
                if (!Files.isRegularFile(profile)) {
                    continue;
                }
                byte[] before = Files.readAllBytes(profile);
                switch (request) {
                    case DeviceRequest.Disk d -> ProfileEdits.addDisk(profile, id, d);
                    case DeviceRequest.Cdrom c -> ProfileEdits.setCdrom(profile, c.file());
                    case DeviceRequest.Usb u -> throw new IllegalStateException("refused above");
                }
                edited.put(profile, before);
            }
            add.run();
        } catch (IOException | RuntimeException e) {
            edited.forEach((profile, before) -> {
                try {
                    AtomicFile.write(profile, before, "the profile");
                } catch (IOException undo) {
                    e.addSuppressed(undo);
                }
            });
            throw e;
        }
        return new ArrayList<>(edited.keySet());
    }
}
