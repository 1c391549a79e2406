package io.kvmctl.qemu;

import tools.jackson.databind.node.ObjectNode;

/**
 * Where the drives on the machine's own disk controller go: {@code bus: ide} disks, then the cdroms, each on the
 * next free position. QEMU's own choice for a drive without {@code bus} is no help beyond one drive (a second one
 * on q35 lands on {@code ide.0} again: "Can't create IDE unit 1"), so kvmctl names it: q35's ICH9 AHCI has six
 * ports {@code ide.0}..{@code ide.5} of one drive each; pc's PIIX IDE two channels {@code ide.0}, {@code ide.1} of
 * two units (master, slave). The loader checked that they fit.
 */
final class BuiltInDrivePorts {
    private final boolean pcie;
    private int next;

    BuiltInDrivePorts(boolean pcie) {
        this.pcie = pcie;
    }

    /** Puts {@code dev} on the next free position. */
    void place(ObjectNode dev) {
        int n = next++;
        if (pcie) {
            dev.put("bus", "ide." + n);
        } else {
            dev.put("bus", "ide." + n / 2).put("unit", n % 2);
        }
    }
}
