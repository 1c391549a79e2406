package io.kvmctl.qmp.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qmp.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonSubsetTest {
    private static Optional<String> mismatch(String expected, String actual) {
        return JsonSubset.mismatch(Json.MAPPER.readTree(expected), Json.MAPPER.readTree(actual));
    }

    @Test
    void extraMembersInTheReplyAreFine() {
        assertTrue(mismatch("{\"status\": \"running\"}", "{\"status\": \"running\", \"running\": true}")
                .isEmpty());
    }

    @Test
    void nestedMismatchNamesItsPath() {
        assertEquals(
                Optional.of("$.qemu.major is 7, expected 8"),
                mismatch("{\"qemu\": {\"major\": 8}}", "{\"qemu\": {\"major\": 7, \"minor\": 2}}"));
    }

    @Test
    void missingMemberIsReported() {
        assertEquals(Optional.of("$.running is missing (expected true)"), mismatch("{\"running\": true}", "{}"));
    }

    @Test
    void arraysMatchElementByElement() {
        assertTrue(mismatch("[{\"cpu-index\": 0}]", "[{\"cpu-index\": 0, \"target\": \"x86_64\"}]")
                .isEmpty());
        assertEquals(Optional.of("$ is [1,2], expected [1]"), mismatch("[1]", "[1,2]"));
    }

    @Test
    void numbersCompareByValue() {
        assertTrue(mismatch("{\"n\": 1}", "{\"n\": 1.0}").isEmpty());
    }
}
