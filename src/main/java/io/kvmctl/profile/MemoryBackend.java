package io.kvmctl.profile;

/**
 * Where the guest's RAM lives ({@code memory_backend}).
 *
 * <p>{@code PRIVATE}: QEMU's own anonymous memory; a local migration copies every page to the new QEMU.
 * {@code SHARED}: an unnamed shared memory object (a memfd) that kvmctl creates and hands to QEMU, so that a local
 * migration's destination maps the same pages and only device state travels. It has no path, so nothing is left in
 * /dev/shm when kvmctl or QEMU is killed: the memory goes with the last process holding it. Not the default, since
 * shared memory gets no transparent huge pages (unless the host's shmem_enabled says so) and KSM does not merge it.
 */
public enum MemoryBackend {
    PRIVATE("private"),
    SHARED("shared");

    private final String yamlName;

    MemoryBackend(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
