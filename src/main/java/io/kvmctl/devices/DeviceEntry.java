package io.kvmctl.devices;

import java.util.Optional;

/**
 * One user-visible device of a running VM.
 *
 * @param type QEMU's device type ({@code virtio-blk-pci}, {@code scsi-cd}, ...)
 * @param medium the image behind a block device, empty for others and for an empty CD-ROM drive
 * @param slot the kvmctl hot-plug root port it sits behind, when it does
 */
public record DeviceEntry(String id, String type, Optional<String> medium, Optional<String> slot) {}
