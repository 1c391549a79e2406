package io.kvmctl.profile;

import java.nio.file.Path;

/**
 * One disk: an image file attached on a bus. {@code id} names the block node and the guest device, so QMP commands
 * ({@code query-block}, {@code device_del}) can refer to it. With {@code overlay} the VM writes to a qcow2 overlay
 * in its runtime directory (see {@link #overlayIn}) and {@code file} is only its read-only backing image.
 */
public record DiskSpec(
        String id,
        Path file,
        Format format,
        Bus bus,
        Cache cache,
        Aio aio,
        boolean readOnly,
        boolean snapshot,
        boolean discard,
        boolean overlay) {

    public DiskSpec(
            String id,
            Path file,
            Format format,
            Bus bus,
            Cache cache,
            Aio aio,
            boolean readOnly,
            boolean snapshot,
            boolean discard) {
        this(id, file, format, bus, cache, aio, readOnly, snapshot, discard, false);
    }

    /** The overlay file of an {@code overlay: true} disk in runtime directory {@code runtimeDir}. */
    public Path overlayIn(Path runtimeDir) {
        return runtimeDir.resolve("overlay-" + id + ".qcow2");
    }

    /** Image formats, named as QEMU's block drivers. */
    public enum Format {
        RAW("raw"),
        QCOW2("qcow2"),
        VMDK("vmdk"),
        VDI("vdi"),
        VHDX("vhdx"),
        VPC("vpc");

        private final String qemuName;

        Format(String qemuName) {
            this.qemuName = qemuName;
        }

        public String qemuName() {
            return qemuName;
        }
    }

    /** Where the disk is attached; {@code SATA} gets its own AHCI controller, {@code IDE} the machine's built-in one. */
    public enum Bus {
        VIRTIO_BLK("virtio-blk"),
        VIRTIO_SCSI("virtio-scsi"),
        SATA("sata"),
        IDE("ide");

        private final String yamlName;

        Bus(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }

    /**
     * QEMU's -drive cache modes. With -blockdev they are three separate switches (see QEMU's "cache" table in the
     * -drive documentation), which is why each mode carries them.
     */
    public enum Cache {
        WRITEBACK("writeback", true, false, false),
        NONE("none", true, true, false),
        WRITETHROUGH("writethrough", false, false, false),
        DIRECTSYNC("directsync", false, true, false),
        UNSAFE("unsafe", true, false, true);

        private final String qemuName;
        private final boolean writeCache;
        private final boolean direct;
        private final boolean noFlush;

        Cache(String qemuName, boolean writeCache, boolean direct, boolean noFlush) {
            this.qemuName = qemuName;
            this.writeCache = writeCache;
            this.direct = direct;
            this.noFlush = noFlush;
        }

        public String qemuName() {
            return qemuName;
        }

        /** Whether the guest sees a volatile write cache ({@code cache.writeback}). */
        public boolean writeCache() {
            return writeCache;
        }

        /** Whether the host page cache is bypassed (O_DIRECT). */
        public boolean direct() {
            return direct;
        }

        /** Whether flushes are ignored (data loss on a host crash: {@code unsafe}). */
        public boolean noFlush() {
            return noFlush;
        }
    }

    /** I/O back-ends for the file; {@code NATIVE} (Linux AIO) needs O_DIRECT, i.e. cache none or directsync. */
    public enum Aio {
        THREADS("threads"),
        NATIVE("native"),
        IO_URING("io_uring");

        private final String qemuName;

        Aio(String qemuName) {
            this.qemuName = qemuName;
        }

        public String qemuName() {
            return qemuName;
        }
    }
}
