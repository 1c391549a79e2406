package io.kvmctl.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void columnsAreAsWideAsTheirWidestCell() {
        TextTable t = TextTable.withHeaders("NAME", "STATE", "PID").alignRight(2);
        t.row("web", "running", 4242);
        t.row("a-very-long-vm-name-indeed", "paused", 7);
        assertEquals(
                List.of(
                        "NAME                        STATE     PID",
                        "web                         running  4242",
                        "a-very-long-vm-name-indeed  paused      7"),
                t.lines());
    }

    @Test
    void aLongNameShiftsNoOtherColumnOutOfLine() {
        TextTable t = TextTable.withHeaders("NAME", "STATE", "ADDRESS");
        t.row("x", "running", "10.0.2.15");
        t.row("name-longer-than-twenty-characters", "running", "10.0.2.16");
        List<String> lines = t.lines();
        int state = lines.get(0).indexOf("STATE");
        for (String l : lines.subList(1, lines.size())) {
            assertEquals("running", l.substring(state, state + 7), l);
        }
    }

    @Test
    void noLineEndsInSpacesAndNullIsADash() {
        TextTable t = TextTable.withHeaders("ID", "MEDIUM");
        t.row("cd0", null);
        t.row("disk1", "");
        assertEquals(List.of("ID     MEDIUM", "cd0    -", "disk1"), t.lines());
    }

    @Test
    void anEmptyTableIsItsHeader() {
        assertEquals("TAG  DISKS\n", TextTable.withHeaders("TAG", "DISKS").render());
    }

    @Test
    void aRowOfTheWrongLengthIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> TextTable.withHeaders("A", "B").row("x"));
    }
}
