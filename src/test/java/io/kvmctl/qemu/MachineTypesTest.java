package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code -machine help} as QEMU 7.2 (Debian bookworm) and QEMU 10.0 (the backport) print it. */
class MachineTypesTest {
    private static MachineTypes listing(String version) throws IOException {
        try (InputStream in = MachineTypesTest.class.getResourceAsStream("machine-help-" + version + ".txt")) {
            return MachineTypes.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aliasesResolveToTheNewestVersionedTypeOfThatQemu() throws IOException {
        assertEquals(Optional.of("pc-q35-7.2"), listing("7.2").resolve("q35"));
        assertEquals(Optional.of("pc-i440fx-7.2"), listing("7.2").resolve("pc"));
        assertEquals(Optional.of("pc-q35-10.0"), listing("10.0").resolve("q35"));
        assertEquals(Optional.of("pc-i440fx-10.0"), listing("10.0").resolve("pc"));
    }

    @Test
    void versionedAndUnversionedTypesAreKeptAsTheyAre() throws IOException {
        assertEquals(Optional.of("pc-q35-7.2"), listing("10.0").resolve("pc-q35-7.2"));
        assertEquals(Optional.of("pc-q35-7.2"), listing("7.2").resolve("pc-q35-7.2"));
        assertEquals(Optional.of("microvm"), listing("7.2").resolve("microvm"));
        assertEquals(Optional.of("isapc"), listing("10.0").resolve("isapc"));
    }

    @Test
    void aliasesAreNotTypesAQemuOffers() throws IOException {
        MachineTypes t = listing("7.2");
        assertFalse(t.offers("q35"));
        assertTrue(t.offers("pc-q35-7.2"));
        assertFalse(t.types().contains("Supported"), "the header is no type");
    }

    @Test
    void olderQemuDoesNotOfferANewerVersionedType() throws IOException {
        assertFalse(listing("7.2").offers("pc-q35-10.0"));
        assertTrue(listing("10.0").offers("pc-q35-7.2"));
        assertEquals(Optional.empty(), listing("7.2").resolve("pc-q35-10.0"));
    }

    @Test
    void unknownVersionedTypeNamesTheNewestOfItsFamily() throws IOException {
        String why = listing("7.2").whyUnknown("pc-q35-10.0");
        assertTrue(why.startsWith("has no machine type 'pc-q35-10.0': its newest q35 type is pc-q35-7.2"), why);
        assertEquals(
                Optional.of(java.util.Map.entry("pc", "pc-i440fx-7.2")),
                listing("7.2").family("pc-i440fx-9.2"));
    }

    @Test
    void droppedOldTypeNamesTheRangeThisQemuHas() throws IOException {
        String why = listing("10.0").whyUnknown("pc-q35-2.3");
        assertTrue(
                why.startsWith("has no machine type 'pc-q35-2.3': its q35 types go from pc-q35-2.4 to pc-q35-10.0"),
                why);
        String noSuch = listing("7.2").whyUnknown("pc-q35-1.0");
        assertTrue(
                noSuch.startsWith("has no machine type 'pc-q35-1.0': its q35 types go from pc-q35-2.4 to pc-q35-7.2"),
                noSuch);
    }

    @Test
    void unknownAliasGetsTheClosestNameAndExamples() throws IOException {
        String why = listing("7.2").whyUnknown("q53");
        assertTrue(why.contains("has no machine type 'q53' (did you mean 'q35'?)"), why);
        assertTrue(why.contains("e.g. pc (pc-i440fx-7.2) or q35 (pc-q35-7.2)"), why);
    }

    @Test
    void warningsAndBlankLinesAreNoTypes() {
        MachineTypes t = MachineTypes.parse("""
                qemu-system-x86_64: warning: something odd
                Supported machines are:

                q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-7.2)
                pc-q35-7.2           Standard PC (Q35 + ICH9, 2009)
                a-very-long-machine-type-name Something (deprecated)
                """);
        assertEquals(java.util.List.of("pc-q35-7.2", "a-very-long-machine-type-name"), t.types());
        assertEquals(java.util.Map.of("q35", "pc-q35-7.2"), t.aliases());
    }

    @Test
    void outputWithoutTypesIsEmpty() {
        assertTrue(MachineTypes.parse("qemu-system-x86_64: -machine help: invalid option\n")
                .isEmpty());
    }
}
