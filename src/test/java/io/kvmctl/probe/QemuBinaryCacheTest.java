package io.kvmctl.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qmp.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuBinaryCacheTest {
    @TempDir
    Path tmp;

    private static final QemuBinaryCache.Identity QEMU72 = new QemuBinaryCache.Identity(
            "/usr/bin/qemu-system-x86_64", 19_000_000, 1_700_000_000_000L, "(dev=801,ino=42)");

    @Test
    void keepsWhatEachBinarySaidUnderItsIdentity() {
        Map<QemuBinaryCache.Identity, QemuBinary> binaries = new LinkedHashMap<>();
        binaries.put(QEMU72, new QemuBinary(QEMU72.path(), "7.2.22 (Debian 1:7.2+dfsg-7)", List.of("kvm", "tcg")));
        String text = Json.MAPPER.writeValueAsString(QemuBinaryCache.toJson(binaries));
        assertEquals(binaries, QemuBinaryCache.parse(text));
    }

    @Test
    void aDamagedOrForeignFileReadsAsEmptySoEveryBinaryIsAskedAgain() {
        assertTrue(QemuBinaryCache.parse("{not json").isEmpty());
        assertTrue(QemuBinaryCache.parse("{\"format\": 2, \"binaries\": []}").isEmpty());
        assertTrue(QemuBinaryCache.parse("[]").isEmpty());
    }

    @Test
    void aRewrittenBinaryHasAnotherIdentity() throws Exception {
        Path binary = Files.writeString(tmp.resolve("qemu-system-x86_64"), "one build");
        Files.setLastModifiedTime(binary, FileTime.fromMillis(1_000_000));
        QemuBinaryCache.Identity before = QemuBinaryCache.Identity.of(binary).orElseThrow();
        assertEquals(before, QemuBinaryCache.Identity.of(binary).orElseThrow());
        Files.writeString(binary, "another build");
        assertNotEquals(before, QemuBinaryCache.Identity.of(binary).orElseThrow());
        assertEquals(Optional.empty(), QemuBinaryCache.Identity.of(tmp.resolve("missing")));
    }

    @Test
    void storedAnswersAreFoundByTheNextProbe() {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.toString());
        QemuBinary qemu = new QemuBinary(QEMU72.path(), "7.2.22", List.of("tcg"));
        QemuBinaryCache.forUser(env).orElseThrow().store(Map.of(QEMU72, qemu));
        assertTrue(Files.isRegularFile(tmp.resolve("kvmctl/qemu-binaries.json")));
        assertEquals(
                Optional.of(qemu), QemuBinaryCache.forUser(env).orElseThrow().lookup(QEMU72));
    }
}
