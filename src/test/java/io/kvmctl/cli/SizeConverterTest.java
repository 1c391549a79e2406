package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SizeConverterTest {
    private final SizeConverter converter = new SizeConverter();

    @Test
    void takesTheProfilesBinaryUnitsAndBytesWithB() {
        assertEquals(512L << 20, converter.convert("512M").bytes());
        assertEquals(2L << 30, converter.convert("2G").bytes());
        assertEquals(2L << 30, converter.convert("2GiB").bytes());
        assertEquals(1L << 40, converter.convert("1t").bytes());
        assertEquals(4096, converter.convert("4096B").bytes());
        assertEquals(64L << 10, converter.convert("64K").bytes());
    }

    @Test
    void refusesABareNumberAndNonsense() {
        for (String bad : List.of("1024", "-1G", "1.5G", "G", "B", "10X", "99999999999999999999B")) {
            assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert(bad), bad);
        }
    }
}
