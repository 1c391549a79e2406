package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvmctl.qmp.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class JsonSyntaxTest {
    private static String describe(String json) {
        return JsonSyntax.describe(assertThrows(JacksonException.class, () -> Json.MAPPER.readTree(json)));
    }

    @Test
    void namesTheColumnWithoutTheParsersSourceDescription() {
        assertEquals("unexpected end-of-input within/between Object entries, at column 8", describe("{\"id\": "));
    }

    @Test
    void saysWhichCharacterWasUnexpected() {
        String said = describe("{id: 1}");
        assertEquals(true, said.startsWith("unexpected character ('i'"), said);
        assertEquals(true, said.endsWith(", at column 2"), said);
        assertEquals(false, said.contains("Source"), said);
    }

    @Test
    void namesTheLineWhenTheTextHasSeveral() {
        String said = describe("{\"a\": 1,\n x}");
        assertEquals(true, said.endsWith(", at line 2 column 2"), said);
    }
}
