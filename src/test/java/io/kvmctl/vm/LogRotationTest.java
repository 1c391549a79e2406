package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotationTest {
    @TempDir
    Path dir;

    private final LogRotation rotation = new LogRotation(10, 3);

    private void append(String text) throws IOException {
        rotation.append(dir, "serial.log", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    /** The whole log as {@code logs} prints it: its files oldest first. */
    private String whole() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path p : rotation.oldestFirst(dir, "serial.log")) {
            all.append(Files.readString(p));
        }
        return all.toString();
    }

    @Test
    void appendsBelowTheCapToOneFile() throws IOException {
        append("abc\n");
        append("def\n");
        assertEquals("abc\ndef\n", read("serial.log"));
        assertEquals(List.of(dir.resolve("serial.log")), rotation.oldestFirst(dir, "serial.log"));
    }

    @Test
    void fillsTheFileToItsCapThenShiftsItToDotOne() throws IOException {
        append("0123456");
        append("789abcdef");
        assertEquals("0123456789", read("serial.log.1"));
        assertEquals("abcdef", read("serial.log"));
        assertEquals("0123456789abcdef", whole());
    }

    @Test
    void keepsAtMostFilesTimesSizeAndDropsTheOldest() throws IOException {
        append("aaaaaaaaaa"); // fills serial.log
        append("bbbbbbbbbb");
        append("cccccccccc");
        append("dddd"); // a fourth file's worth: the a's go
        assertEquals("bbbbbbbbbb", read("serial.log.2"));
        assertEquals("cccccccccc", read("serial.log.1"));
        assertEquals("dddd", read("serial.log"));
        assertFalse(Files.exists(dir.resolve("serial.log.3")));
        assertEquals("bbbbbbbbbbccccccccccdddd", whole());
    }

    @Test
    void oneLongAppendKeepsItsLastBytesOverEveryFile() throws IOException {
        String text = "x".repeat(25) + "0123456789".repeat(3);
        append(text);
        // 55 bytes: five full files and 5 bytes; the newest three files are kept.
        assertEquals(text.substring(30), whole());
        assertEquals("56789", read("serial.log"));
        assertEquals(3, rotation.oldestFirst(dir, "serial.log").size());
    }

    @Test
    void newFilesAreForTheOwnerOnly() throws IOException {
        append("0123456789ab");
        for (Path p : rotation.oldestFirst(dir, "serial.log")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
    }

    @Test
    void aSingleFileLogStartsOverWhenFull() throws IOException {
        LogRotation one = new LogRotation(4, 1);
        one.append(dir, "q.log", new ByteArrayInputStream("abcdef".getBytes(StandardCharsets.UTF_8)));
        assertEquals("ef", Files.readString(dir.resolve("q.log")));
        assertEquals(List.of(dir.resolve("q.log")), one.oldestFirst(dir, "q.log"));
    }

    @Test
    void refusesAnEmptyCap() {
        assertThrows(IllegalArgumentException.class, () -> new LogRotation(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new LogRotation(10, 0));
    }

    @Test
    void defaultIsVirtlogdsFourFilesOfTwoMebibytes() {
        assertEquals(new LogRotation(2 * 1024 * 1024, 4), LogRotation.DEFAULT);
        assertEquals(8L << 20, LogRotation.DEFAULT.capacity());
    }
}
