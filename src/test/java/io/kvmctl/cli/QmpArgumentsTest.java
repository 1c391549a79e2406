package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class QmpArgumentsTest {
    @Test
    void dottedKeysBuildNestedObjects() {
        assertEquals(
                "{\"a\":{\"b\":1,\"c\":\"x\"}}",
                QmpArguments.parse(List.of("a.b=1", "a.c=x"), null).toString());
    }

    @Test
    void valuesAreJsonWhenTheyParseAsJsonElseStrings() {
        assertEquals(
                "{\"n\":3,\"t\":true,\"l\":[1,2],\"q\":\"7\",\"mac\":\"52:54:00:12:34:56\",\"s\":\"info registers\"}",
                QmpArguments.parse(
                                List.of(
                                        "n=3",
                                        "t=true",
                                        "l=[1,2]",
                                        "q=\"7\"",
                                        "mac=52:54:00:12:34:56",
                                        "s=info registers"),
                                null)
                        .toString());
    }

    @Test
    void pairsGoOnTopOfArgsJson() {
        assertEquals(
                "{\"id\":\"nic2\",\"driver\":\"e1000\"}",
                QmpArguments.parse(List.of("id=nic2"), "{\"id\": \"nic1\", \"driver\": \"e1000\"}")
                        .toString());
    }

    @Test
    void valueEqualsSignsStayInTheValue() {
        assertEquals(
                "{\"command-line\":\"a=b\"}",
                QmpArguments.parse(List.of("command-line=a=b"), null).toString());
    }

    @Test
    void rejectsPairWithoutEqualsSign() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> QmpArguments.parse(List.of("novalue"), null));
        assertEquals("argument 'novalue' is not key=value", e.getMessage());
    }

    @Test
    void rejectsKeyThatIsBothValueAndObject() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> QmpArguments.parse(List.of("a=1", "a.b=2"), null));
        assertEquals("key 'a.b': 'a' already has the value 1, so it cannot also hold 'b'", e.getMessage());
    }

    @Test
    void rejectsArgsThatAreNotAnObject() {
        assertThrows(IllegalArgumentException.class, () -> QmpArguments.parse(List.of(), "[1]"));
        assertThrows(IllegalArgumentException.class, () -> QmpArguments.parse(List.of(), "{oops"));
    }

    @Test
    void shellLineSplitsOnWhitespaceAndHonoursQuotes() {
        assertEquals(
                List.of("human-monitor-command", "command-line=info registers", "x=it's"),
                ShellLine.words("human-monitor-command command-line=\"info registers\" x=it\\'s"));
        assertThrows(IllegalArgumentException.class, () -> ShellLine.words("a 'b"));
    }
}
