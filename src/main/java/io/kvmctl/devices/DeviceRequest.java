package io.kvmctl.devices;

import io.kvmctl.profile.DiskSpec;
import java.nio.file.Path;
import java.util.Optional;

/** What the user asked to add to a running VM. */
public sealed interface DeviceRequest {
    /** The id asked for, or empty to choose one ({@code hd0}, {@code cd0}, {@code usb0}, ...). */
    Optional<String> id();

    /** A disk image on virtio-blk (its own PCI device, so a hot-plug slot) or virtio-scsi (one controller). */
    record Disk(Optional<String> id, Path file, DiskSpec.Format format, DiskSpec.Bus bus, boolean readOnly)
            implements DeviceRequest {}

    /**
     * An ISO: the medium of the existing CD-ROM drive is changed when the VM has one, else a SCSI CD-ROM is added
     * (IDE drives cannot be hot-plugged).
     */
    record Cdrom(Optional<String> id, Path file) implements DeviceRequest {}

    /** An emulated USB device, or a host device by vendor:product, on a USB controller added when missing. */
    record Usb(Optional<String> id, UsbKind kind, Optional<String> hostDevice) implements DeviceRequest {}

    /** The USB devices {@code device add ... usb KIND} offers. */
    enum UsbKind {
        TABLET("usb-tablet"),
        KEYBOARD("usb-kbd"),
        MOUSE("usb-mouse"),
        HOST("usb-host");

        private final String driver;

        UsbKind(String driver) {
            this.driver = driver;
        }

        public String driver() {
            return driver;
        }
    }
}
