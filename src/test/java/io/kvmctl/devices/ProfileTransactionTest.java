package io.kvmctl.devices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.DiskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTransactionTest {
    private static final String PROFILE = "# the user's comment\nname: web\nmemory: 256M\n";

    @TempDir
    Path tmp;

    private DeviceRequest.Disk disk() {
        return new DeviceRequest.Disk(
                Optional.empty(), tmp.resolve("data.qcow2"), DiskSpec.Format.QCOW2, DiskSpec.Bus.VIRTIO_BLK, false);
    }

    private Path profile(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void bothProfilesRecordTheDiskBeforeTheAddRuns() throws IOException {
        Path copy = profile("copy.yaml", PROFILE);
        Path source = profile("source.yaml", PROFILE);
        List<String> seenByTheAdd = new java.util.ArrayList<>();
        List<Path> recorded = ProfileTransaction.recordAround(List.of(copy, source), "hd0", disk(), () -> {
            seenByTheAdd.add(Files.readString(copy));
            seenByTheAdd.add(Files.readString(source));
        });
        assertEquals(List.of(copy, source), recorded);
        for (String text : seenByTheAdd) {
            assertTrue(
                    text.contains("hd0")
                            && text.contains(tmp.resolve("data.qcow2").toString()),
                    text);
        }
        assertEquals(seenByTheAdd.get(0), Files.readString(copy), "the add ran after the edit, not before");
    }

    @Test
    void aFailedAddPutsBackEveryProfileByteForByte() throws IOException {
        Path copy = profile("copy.yaml", PROFILE);
        Path source = profile("source.yaml", PROFILE + "cdrom: /old.iso\n");
        byte[] copyBefore = Files.readAllBytes(copy);
        byte[] sourceBefore = Files.readAllBytes(source);
        DeviceException refused = new DeviceException("could not add the disk: QEMU said no");
        DeviceException e = assertThrows(
                DeviceException.class,
                () -> ProfileTransaction.recordAround(
                        List.of(copy, source),
                        "cd0",
                        new DeviceRequest.Cdrom(Optional.empty(), tmp.resolve("new.iso")),
                        () -> {
                            assertTrue(Files.readString(source).contains("new.iso"), "edited before the add");
                            throw refused;
                        }));
        assertSame(refused, e, "the add's own failure reaches the caller");
        assertArrayEquals(copyBefore, Files.readAllBytes(copy));
        assertArrayEquals(sourceBefore, Files.readAllBytes(source));
        assertEquals(
                List.of("copy.yaml", "source.yaml"),
                Files.list(tmp).map(p -> p.getFileName().toString()).sorted().toList(),
                "no temporary file left");
    }

    @Test
    void aProfileThatCannotBeEditedStopsTheAddAndUndoesTheEarlierEdits() throws IOException {
        Path copy = profile("copy.yaml", PROFILE);
        Path broken = profile("source.yaml", "disks: not-a-list\n");
        byte[] copyBefore = Files.readAllBytes(copy);
        boolean[] added = {false};
        DeviceException e = assertThrows(
                DeviceException.class,
                () -> ProfileTransaction.recordAround(List.of(copy, broken), "hd0", disk(), () -> added[0] = true));
        assertTrue(e.getMessage().contains("disks is not a list"), e.getMessage());
        assertFalse(added[0], "the device was added although its profile could not record it");
        assertArrayEquals(copyBefore, Files.readAllBytes(copy));
    }

    @Test
    void profilesThatDoNotExistAreSkipped() throws IOException {
        Path copy = profile("copy.yaml", PROFILE);
        Path gone = tmp.resolve("moved-away.yaml");
        assertEquals(List.of(copy), ProfileTransaction.recordAround(List.of(gone, copy), "hd0", disk(), () -> {}));
        assertFalse(Files.exists(gone));
    }

    @Test
    void usbDevicesAreRefusedBeforeAnythingIsTouched() throws IOException {
        Path copy = profile("copy.yaml", PROFILE);
        boolean[] added = {false};
        DeviceException e = assertThrows(
                DeviceException.class,
                () -> ProfileTransaction.recordAround(
                        List.of(copy),
                        "usb0",
                        new DeviceRequest.Usb(Optional.empty(), DeviceRequest.UsbKind.TABLET, Optional.empty()),
                        () -> added[0] = true));
        assertTrue(e.getMessage().contains("profiles have no USB devices"), e.getMessage());
        assertFalse(added[0]);
        assertEquals(PROFILE, Files.readString(copy));
    }
}
