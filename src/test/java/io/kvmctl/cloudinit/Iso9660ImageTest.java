package io.kvmctl.cloudinit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Iso9660ImageTest {
    @Test
    void filesReadBackByTheirRockRidgeNamesWithTheVolumeLabel() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("meta-data", bytes("instance-id: kvmctl-web\nlocal-hostname: web\n"));
        files.put("user-data", bytes("#cloud-config\nhostname: web\n"));
        byte[] big = new byte[5000]; // spans three sectors
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        files.put("network-config", big);

        byte[] image = Iso9660Image.of("cidata", files);

        assertEquals(0, image.length % Iso9660Image.SECTOR);
        Reader reader = new Reader(image);
        assertEquals("cidata", reader.volumeId());
        Map<String, byte[]> read = reader.rootFiles();
        assertEquals(files.keySet(), read.keySet());
        files.forEach((name, content) -> assertArrayEquals(content, read.get(name), name));
        assertEquals(image.length / Iso9660Image.SECTOR, reader.volumeSpaceSize());
    }

    @Test
    void theSameFilesGiveTheSameBytes() {
        Map<String, byte[]> files = Map.of("meta-data", bytes("instance-id: a\n"));
        assertArrayEquals(Iso9660Image.of("cidata", files), Iso9660Image.of("cidata", files));
    }

    @Test
    void anEmptyFileStillGetsItsOwnExtent() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("vendor-data", new byte[0]);
        files.put("meta-data", bytes("instance-id: a\n"));
        Map<String, byte[]> read = new Reader(Iso9660Image.of("cidata", files)).rootFiles();
        assertEquals(0, read.get("vendor-data").length);
        assertEquals("instance-id: a\n", new String(read.get("meta-data"), StandardCharsets.UTF_8));
    }

    @Test
    void plainIsoNamesAreUpperCaseEightCharactersAndUnique() {
        Set<String> taken = new HashSet<>();
        assertEquals("USER_DAT.;1", Iso9660Image.uniqueIsoName("user-data", taken));
        assertEquals("USER_DA1.;1", Iso9660Image.uniqueIsoName("user-data-2", taken));
        assertEquals("NETWORK_.;1", Iso9660Image.uniqueIsoName("network-config", taken));
    }

    @Test
    void refusesNamesThatCannotBeFiles() {
        assertThrows(IllegalArgumentException.class, () -> Iso9660Image.of("cidata", Map.of("a/b", new byte[1])));
        assertThrows(IllegalArgumentException.class, () -> Iso9660Image.of("cidata", Map.of("", new byte[1])));
        assertThrows(
                IllegalArgumentException.class, () -> Iso9660Image.of("a-volume-label-far-longer-than-32", Map.of()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A reader written from ECMA-119 and RRIP apart from the writer: little-endian halves, SUSP entries. */
    private record Reader(ByteBuffer image) {
        Reader(byte[] bytes) {
            this(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        }

        String volumeId() {
            int pvd = 16 * 2048;
            assertEquals(1, image.get(pvd));
            assertEquals("CD001", text(pvd + 1, 5));
            return text(pvd + 40, 32).trim();
        }

        int volumeSpaceSize() {
            return image.getInt(16 * 2048 + 80);
        }

        Map<String, byte[]> rootFiles() {
            int rootRecord = 16 * 2048 + 156;
            int rootExtent = image.getInt(rootRecord + 2);
            int rootSize = image.getInt(rootRecord + 10);
            Map<String, byte[]> files = new LinkedHashMap<>();
            int at = rootExtent * 2048;
            boolean sawSharingProtocol = false;
            while (at < rootExtent * 2048 + rootSize && image.get(at) != 0) {
                int length = image.get(at) & 0xff;
                int nameLength = image.get(at + 32) & 0xff;
                int systemUse = at + 33 + nameLength + (nameLength % 2 == 0 ? 1 : 0);
                String name = null;
                for (int e = systemUse; e + 4 <= at + length; ) {
                    String signature = text(e, 2);
                    int entryLength = image.get(e + 2) & 0xff;
                    if (entryLength == 0) {
                        break;
                    }
                    if (signature.equals("SP")) {
                        sawSharingProtocol = true;
                    } else if (signature.equals("NM")) {
                        name = text(e + 5, entryLength - 5);
                    }
                    e += entryLength;
                }
                if ((image.get(at + 25) & 2) == 0) {
                    byte[] content = new byte[image.getInt(at + 10)];
                    image.get(image.getInt(at + 2) * 2048, content);
                    files.put(name, content);
                }
                at += length;
            }
            assertTrue(sawSharingProtocol, "the root's first record carries the SUSP 'SP' entry");
            return files;
        }

        private String text(int at, int length) {
            byte[] bytes = new byte[length];
            image.get(at, bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
