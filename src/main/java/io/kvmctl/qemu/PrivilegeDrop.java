package io.kvmctl.qemu;

import java.util.List;

/**
 * QEMU started as root switching to {@code user} (its uid, its primary group and its supplementary groups) once it
 * has opened its disks, sockets, taps and /dev/kvm, just before the guest runs, with the option this QEMU knows.
 */
public record PrivilegeDrop(String user, UserSwitch option) {
    public List<String> argv() {
        return option.argv(user);
    }
}
