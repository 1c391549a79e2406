package io.kvmctl.profile;

import java.nio.file.Path;

/**
 * One CD-ROM drive with its ISO image, read-only, on the machine's own disk controller (q35: the ICH9 AHCI; pc: the
 * PIIX IDE). {@code id} names the block node and the guest device, as for disks.
 */
public record CdromSpec(String id, Path file) {}
