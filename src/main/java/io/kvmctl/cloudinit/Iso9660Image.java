package io.kvmctl.cloudinit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only ISO 9660 image with one flat directory of small files, with Rock Ridge names: enough for a NoCloud
 * seed, which cloud-init finds by its volume label and reads through the guest kernel's isofs driver. Written in
 * process (a few KiB, microseconds) rather than by forking genisoimage or xorriso, so kvmctl needs no extra
 * package and the seed is byte for byte the same for the same files: kvmctl compares bytes to decide whether the
 * seed changed.
 *
 * <p>Layout, in 2048-byte sectors: 0-15 the empty system area, 16 the primary volume descriptor, 17 the set
 * terminator, 18 and 19 the little- and big-endian path tables (one entry: the root), 20 the root directory, then
 * each file's data from a sector boundary. Plain ISO 9660 file names are 8.3 upper case ({@code USER_DAT.;1}); the
 * real names ({@code user-data}) are Rock Ridge NM entries, which Linux reads by default. The SP and ER entries in
 * the root's "." record are what tell a reader that Rock Ridge is there.
 */
public final class Iso9660Image {
    static final int SECTOR = 2048;
    private static final int PVD_SECTOR = 16;
    private static final int L_PATH_TABLE_SECTOR = 18;
    private static final int M_PATH_TABLE_SECTOR = 19;
    private static final int ROOT_SECTOR = 20;
    private static final int PATH_TABLE_SIZE = 10;
    private static final int MODE_DIRECTORY = 0040555;
    private static final int MODE_FILE = 0100444;
    // 1980-01-01 00:00:00 UTC, as reproducible builds date zip entries: a fixed date keeps the image a pure
    // function of its files.
    private static final byte[] RECORD_DATE = {80, 1, 1, 0, 0, 0, 0};
    private static final String VOLUME_DATE = "1980010100000000";

    private Iso9660Image() {}

    /**
     * The image holding {@code files} (name to content, in this order of inodes) in its root, labelled
     * {@code volumeId}.
     *
     * @throws IllegalArgumentException for a name that is empty, has a slash or a NUL, or is longer than 200 bytes,
     *     or a volume id longer than 32 characters
     */
    public static byte[] of(String volumeId, Map<String, byte[]> files) {
        if (volumeId.isEmpty() || volumeId.length() > 32) {
            throw new IllegalArgumentException("an ISO 9660 volume id has 1 to 32 characters: " + volumeId);
        }
        List<Entry> entries = entries(files);
        byte[] root = rootDirectory(entries);
        if (root.length > SECTOR) {
            throw new IllegalArgumentException("too many files for a one-sector root directory: " + files.size());
        }
        int totalSectors = ROOT_SECTOR + 1;
        for (Entry entry : entries) {
            totalSectors += sectors(entry.content.length);
        }
        ByteBuffer image = ByteBuffer.allocate(totalSectors * SECTOR);
        image.position(PVD_SECTOR * SECTOR).put(primaryVolumeDescriptor(volumeId, totalSectors));
        image.position((PVD_SECTOR + 1) * SECTOR).put(setTerminator());
        image.position(L_PATH_TABLE_SECTOR * SECTOR).put(pathTable(ByteOrder.LITTLE_ENDIAN));
        image.position(M_PATH_TABLE_SECTOR * SECTOR).put(pathTable(ByteOrder.BIG_ENDIAN));
        image.position(ROOT_SECTOR * SECTOR).put(root);
        for (Entry entry : entries) {
            image.position(entry.sector * SECTOR).put(entry.content);
        }
        return image.array();
    }

    // private and never compared or hashed, so the array's identity equality cannot mislead anyone
    @SuppressWarnings("ArrayRecordComponent")
    private record Entry(String name, String isoName, byte[] content, int sector, int inode) {}

    private static List<Entry> entries(Map<String, byte[]> files) {
        List<Entry> entries = new ArrayList<>();
        Set<String> isoNames = new HashSet<>();
        int sector = ROOT_SECTOR + 1;
        int inode = 2; // the root is 1
        for (Map.Entry<String, byte[]> file : new LinkedHashMap<>(files).entrySet()) {
            String name = file.getKey();
            if (name.isEmpty()
                    || name.contains("/")
                    || name.indexOf('\0') >= 0
                    || name.getBytes(StandardCharsets.UTF_8).length > 200) {
                throw new IllegalArgumentException("not a file name for an ISO 9660 seed: '" + name + "'");
            }
            String isoName = uniqueIsoName(name, isoNames);
            entries.add(new Entry(name, isoName, file.getValue(), sector, inode++));
            sector += sectors(file.getValue().length);
        }
        // ISO 9660 wants the records of a directory sorted by identifier
        entries.sort(Comparator.comparing(Entry::isoName));
        return entries;
    }

    /** {@code user-data} becomes {@code USER_DAT.;1}: upper case d-characters, 8 of them, no extension. */
    static String uniqueIsoName(String name, Set<String> taken) {
        StringBuilder base = new StringBuilder();
        for (char c : name.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            if (base.length() == 8) {
                break;
            }
            base.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        String candidate = base + ".;1";
        for (int n = 1; !taken.add(candidate); n++) {
            String suffix = Integer.toString(n);
            candidate = base.substring(0, Math.min(base.length(), 8 - suffix.length())) + suffix + ".;1";
        }
        return candidate;
    }

    private static int sectors(int bytes) {
        return Math.max(1, (bytes + SECTOR - 1) / SECTOR);
    }

    private static byte[] primaryVolumeDescriptor(String volumeId, int totalSectors) {
        ByteBuffer pvd = ByteBuffer.allocate(SECTOR);
        pvd.put((byte) 1).put(ascii("CD001")).put((byte) 1).put((byte) 0);
        pvd.put(padded("LINUX", 32));
        pvd.put(padded(volumeId, 32));
        pvd.position(80);
        bothEndian32(pvd, totalSectors);
        pvd.position(120);
        bothEndian16(pvd, 1); // volume set size
        bothEndian16(pvd, 1); // volume sequence number
        bothEndian16(pvd, SECTOR);
        bothEndian32(pvd, PATH_TABLE_SIZE);
        pvd.order(ByteOrder.LITTLE_ENDIAN).putInt(L_PATH_TABLE_SECTOR).putInt(0);
        pvd.order(ByteOrder.BIG_ENDIAN).putInt(M_PATH_TABLE_SECTOR).putInt(0);
        pvd.put(directoryRecord(new byte[] {0}, ROOT_SECTOR, SECTOR, true, new byte[0]));
        pvd.put(padded("", 128)); // volume set
        pvd.put(padded("", 128)); // publisher
        pvd.put(padded("", 128)); // data preparer
        pvd.put(padded("KVMCTL", 128)); // application
        pvd.put(padded("", 37 * 3)); // copyright, abstract and bibliographic files
        pvd.put(volumeDate(VOLUME_DATE)); // creation
        pvd.put(volumeDate(VOLUME_DATE)); // modification
        pvd.put(volumeDate("0000000000000000")); // expiration: none
        pvd.put(volumeDate(VOLUME_DATE)); // effective
        pvd.put((byte) 1); // file structure version
        return pvd.array();
    }

    private static byte[] setTerminator() {
        ByteBuffer terminator = ByteBuffer.allocate(SECTOR);
        terminator.put((byte) 255).put(ascii("CD001")).put((byte) 1);
        return terminator.array();
    }

    private static byte[] pathTable(ByteOrder order) {
        ByteBuffer table = ByteBuffer.allocate(PATH_TABLE_SIZE).order(order);
        table.put((byte) 1)
                .put((byte) 0)
                .putInt(ROOT_SECTOR)
                .putShort((short) 1)
                .put((byte) 0);
        return table.array();
    }

    private static byte[] rootDirectory(List<Entry> entries) {
        ByteBuffer root = ByteBuffer.allocate(4 * SECTOR);
        byte[] rockRidgeHeader = concat(sharingProtocol(), extensionReference());
        root.put(directoryRecord(
                new byte[] {0},
                ROOT_SECTOR,
                SECTOR,
                true,
                concat(rockRidgeHeader, posixAttributes(MODE_DIRECTORY, 1))));
        root.put(directoryRecord(new byte[] {1}, ROOT_SECTOR, SECTOR, true, posixAttributes(MODE_DIRECTORY, 1)));
        for (Entry entry : entries) {
            byte[] systemUse = concat(posixAttributes(MODE_FILE, entry.inode), alternateName(entry.name));
            root.put(directoryRecord(ascii(entry.isoName), entry.sector, entry.content.length, false, systemUse));
        }
        byte[] bytes = new byte[root.position()];
        root.flip().get(bytes);
        return bytes;
    }

    private static byte[] directoryRecord(
            byte[] identifier, int sector, int length, boolean directory, byte[] systemUse) {
        int padding = identifier.length % 2 == 0 ? 1 : 0;
        int recordLength = 33 + identifier.length + padding + systemUse.length;
        if (recordLength % 2 == 1) {
            recordLength++;
        }
        if (recordLength > 255) {
            throw new IllegalArgumentException("file name too long for an ISO 9660 record");
        }
        ByteBuffer record = ByteBuffer.allocate(recordLength);
        record.put((byte) recordLength).put((byte) 0);
        bothEndian32(record, sector);
        bothEndian32(record, length);
        record.put(RECORD_DATE);
        record.put((byte) (directory ? 2 : 0)).put((byte) 0).put((byte) 0);
        bothEndian16(record, 1);
        record.put((byte) identifier.length).put(identifier);
        record.position(record.position() + padding);
        record.put(systemUse);
        return record.array();
    }

    /** SUSP "SP": the magic that says System Use entries follow, none skipped. */
    private static byte[] sharingProtocol() {
        return new byte[] {'S', 'P', 7, 1, (byte) 0xBE, (byte) 0xEF, 0};
    }

    /** SUSP "ER": names the extension in use, Rock Ridge 1.12. */
    private static byte[] extensionReference() {
        byte[] id = ascii("RRIP_1991A");
        byte[] description =
                ascii("THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS");
        byte[] source = ascii("KVMCTL");
        ByteBuffer er = ByteBuffer.allocate(8 + id.length + description.length + source.length);
        er.put(ascii("ER")).put((byte) er.capacity()).put((byte) 1);
        er.put((byte) id.length)
                .put((byte) description.length)
                .put((byte) source.length)
                .put((byte) 1);
        er.put(id).put(description).put(source);
        return er.array();
    }

    /** Rock Ridge "PX": mode, links, owner root, and a serial number (the inode). */
    private static byte[] posixAttributes(int mode, int inode) {
        ByteBuffer px = ByteBuffer.allocate(44);
        px.put(ascii("PX")).put((byte) 44).put((byte) 1);
        bothEndian32(px, mode);
        bothEndian32(px, (mode & 0040000) != 0 ? 2 : 1);
        bothEndian32(px, 0);
        bothEndian32(px, 0);
        bothEndian32(px, inode);
        return px.array();
    }

    /** Rock Ridge "NM": the file's real name. */
    private static byte[] alternateName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer nm = ByteBuffer.allocate(5 + bytes.length);
        nm.put(ascii("NM"))
                .put((byte) nm.capacity())
                .put((byte) 1)
                .put((byte) 0)
                .put(bytes);
        return nm.array();
    }

    private static byte[] volumeDate(String digits) {
        ByteBuffer date = ByteBuffer.allocate(17);
        date.put(ascii(digits)).put((byte) 0); // GMT offset 0
        return date.array();
    }

    private static void bothEndian16(ByteBuffer buffer, int value) {
        buffer.order(ByteOrder.LITTLE_ENDIAN).putShort((short) value);
        buffer.order(ByteOrder.BIG_ENDIAN).putShort((short) value);
    }

    private static void bothEndian32(ByteBuffer buffer, int value) {
        buffer.order(ByteOrder.LITTLE_ENDIAN).putInt(value);
        buffer.order(ByteOrder.BIG_ENDIAN).putInt(value);
    }

    private static byte[] padded(String text, int length) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) ' ');
        byte[] ascii = ascii(text);
        System.arraycopy(ascii, 0, bytes, 0, Math.min(ascii.length, length));
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
