package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.IsolatedVms;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code kvmctl image} against the real qemu-img. */
class ImageCommandIT {
    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();

    @Test
    void createInfoAndConvertRoundTrip() throws Exception {
        Path base = tmp.resolve("base.raw");
        CliRun c = CliRun.of("image", "create", base.toString(), "8M", "--format", "raw");
        assertEquals(0, c.code(), c.all());
        assertEquals(8L << 20, Files.size(base));
        CliRun overlay = CliRun.of("image", "create", tmp.resolve("o.qcow2").toString(), "--backing", base.toString());
        assertEquals(0, overlay.code(), overlay.all());
        CliRun info = CliRun.of("image", "info", tmp.resolve("o.qcow2").toString(), "--json");
        assertEquals(0, info.code(), info.all());
        assertTrue(info.out().contains("\"backing_file\" : \"" + base + "\""), info.out());
        assertTrue(info.out().contains("\"backing_format\" : \"raw\""), info.out());
        assertTrue(info.out().contains("\"virtual_size_bytes\" : 8388608"), info.out());
        CliRun human = CliRun.of("image", "info", tmp.resolve("o.qcow2").toString());
        assertTrue(human.out().contains("backing file:  " + base + " (raw)"), human.out());
        Path raw = tmp.resolve("flat.raw");
        CliRun conv = CliRun.of(
                "image", "convert", tmp.resolve("o.qcow2").toString(), raw.toString(), "--format", "raw", "--progress");
        assertEquals(0, conv.code(), conv.all());
        assertTrue(conv.err().contains("converting o.qcow2: 100%"), conv.err());
        assertEquals(8L << 20, Files.size(raw));
    }

    @Test
    void existingFilesAreNeverReplacedWithoutForce() throws Exception {
        Path file = Files.writeString(tmp.resolve("precious.img"), "keep me");
        CliRun create = CliRun.of("image", "create", file.toString(), "1M");
        assertEquals(2, create.code(), create.all());
        assertEquals(
                "kvmctl image create: " + file + " already exists; choose another name, or add --force to replace it\n",
                create.err());
        Path src = tmp.resolve("src.qcow2");
        assertEquals(0, CliRun.of("image", "create", src.toString(), "1M").code());
        CliRun convert = CliRun.of("image", "convert", src.toString(), file.toString());
        assertEquals(2, convert.code(), convert.all());
        assertTrue(convert.err().contains("already exists"), convert.err());
        assertEquals("keep me", Files.readString(file));
        CliRun forced = CliRun.of("image", "create", file.toString(), "1M", "--force");
        assertEquals(0, forced.code(), forced.all());
        assertTrue(forced.out().contains("qcow2, 1M"), forced.out());
    }

    @Test
    void badArgumentsGiveOneClearLine() throws Exception {
        Path f = tmp.resolve("x.qcow2");
        assertLine(
                CliRun.of("image", "create", f.toString(), "10"),
                "'10' is not a size; write a whole number with a" + " unit K, M, G or T");
        assertLine(
                CliRun.of("image", "create", f.toString(), "1M", "--format", "vmdk"),
                "'vmdk' is not an image" + " format kvmctl writes; use qcow2 or raw");
        assertLine(CliRun.of("image", "create", f.toString()), "give the size of the new image");
        assertLine(CliRun.of("image", "create", f.toString(), "0M"), "the size must be above zero");
        assertLine(
                CliRun.of("image", "create", tmp.resolve("no/dir.qcow2").toString(), "1M"),
                "the folder " + tmp.resolve("no") + " does not exist");
        assertLine(CliRun.of("image", "info", tmp.resolve("missing.qcow2").toString()), "no such image: ");
        assertLine(CliRun.of("image", "convert", tmp.resolve("missing").toString(), f.toString()), "no such image");
        assertLine(
                CliRun.of(
                        "image",
                        "create",
                        f.toString(),
                        "1M",
                        "--format",
                        "raw",
                        "--backing",
                        tmp.resolve("missing").toString()),
                "only qcow2 images can have a backing image");
        assertLine(CliRun.of("image", "info", tmp.toString()), "is not a file");
        assertTrue(!Files.exists(f), "no failed command may leave a file");
    }

    private static void assertLine(CliRun r, String expected) {
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains(expected), r.all());
        assertEquals(1, r.err().lines().count(), "one line: " + r.all());
    }
}
