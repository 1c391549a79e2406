package io.kvmctl.qapi;

/** What {@code add-fd} returns: the fd set the descriptor went into and its number inside QEMU. */
public record FdSetEntry(int fdsetId, int fd) {
    /** The path QEMU options accept for this set: {@code /dev/fdset/N}. */
    public String path() {
        return "/dev/fdset/" + fdsetId;
    }
}
