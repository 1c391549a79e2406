package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qemu.MachineTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asking a binary for its machine types, with shell scripts standing in for QEMU (no QEMU needed). */
class QemuMachineTypesTest {
    @TempDir
    Path tmp;

    private Path fakeQemu(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static String listing(String q35) {
        return "echo 'Supported machines are:'; echo 'q35                  Standard PC (alias of " + q35 + ")'; echo '"
                + q35 + "           Standard PC'";
    }

    @Test
    void resolvesAnAliasByAskingTheBinary() throws IOException {
        Path qemu = fakeQemu("qemu-a", "[ \"$1 $2\" = '-machine help' ] || exit 9\n" + listing("pc-q35-8.0"));
        assertEquals("pc-q35-8.0", QemuMachineTypes.resolve(qemu, "q35"));
        assertEquals("pc-q35-8.0", QemuMachineTypes.resolve(qemu, "pc-q35-8.0"));
    }

    @Test
    void asksOncePerBinaryUntilTheFileChanges() throws IOException {
        Path count = tmp.resolve("count");
        Path qemu = fakeQemu("qemu-b", "echo x >> " + count + "\n" + listing("pc-q35-8.0"));
        MachineTypes first = QemuMachineTypes.of(qemu);
        assertSame(first, QemuMachineTypes.of(qemu));
        assertEquals(1, Files.readAllLines(count).size());
        // An upgraded binary (another size and time) is asked again.
        Files.writeString(qemu, "#!/bin/sh\necho x >> " + count + "\n" + listing("pc-q35-9.0") + "\n");
        Files.setLastModifiedTime(qemu, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals("pc-q35-9.0", QemuMachineTypes.resolve(qemu, "q35"));
        assertEquals(2, Files.readAllLines(count).size());
    }

    @Test
    void unknownAliasIsRefusedWithWhatTheBinaryHas() throws IOException {
        Path qemu = fakeQemu("qemu-c", listing("pc-q35-7.2"));
        VmStartException e = assertThrows(VmStartException.class, () -> QemuMachineTypes.resolve(qemu, "q36"));
        assertEquals(
                "machine: QEMU " + qemu + " has no machine type 'q36' (did you mean 'q35'?); use one it lists in "
                        + "'-machine help', e.g. q35 (pc-q35-7.2)",
                e.getMessage());
    }

    @Test
    void aBinaryThatListsNothingIsNoQemu() throws IOException {
        Path qemu = fakeQemu("qemu-d", "echo 'qemu: unsupported option'; exit 1");
        VmStartException e = assertThrows(VmStartException.class, () -> QemuMachineTypes.of(qemu));
        assertTrue(
                e.getMessage().contains("-machine help' failed (exit 1) and said: qemu: unsupported option"),
                e.getMessage());
    }

    @Test
    void aMissingBinaryIsSaidSo() {
        VmStartException e =
                assertThrows(VmStartException.class, () -> QemuMachineTypes.of(tmp.resolve("no-such-qemu")));
        assertTrue(
                e.getMessage().startsWith("QEMU " + tmp.resolve("no-such-qemu") + " cannot be read"), e.getMessage());
    }
}
