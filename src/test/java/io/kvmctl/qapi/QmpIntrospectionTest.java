package io.kvmctl.qapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qmp.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class QmpIntrospectionTest {
    /** QEMU 7.2's own query-qmp-schema reply (qemu-system-x86_64 -machine none), as a fixture. */
    static QmpIntrospection qemu72() throws IOException {
        try (InputStream in = QmpIntrospectionTest.class.getResourceAsStream("query-qmp-schema-7.2.json")) {
            return QmpIntrospection.parse(Json.MAPPER.readTree(in));
        }
    }

    @Test
    void queryStatusTakesNothingAndReturnsItsThreeMembersWithTheRunStateValues() throws IOException {
        var s = qemu72().command("query-status").orElseThrow();
        assertEquals(List.of(), s.arguments());
        assertEquals("object", s.returns());
        assertEquals(
                List.of("running", "singlestep", "status"),
                s.replyMembers().stream().map(QmpIntrospection.Member::name).toList());
        QmpIntrospection.Member status = s.replyMembers().get(2);
        assertTrue(status.type().startsWith("enum: debug|inmigrate|internal-error|"), status.type());
        assertTrue(status.values().contains("guest-panicked"), status.values().toString());
        assertEquals("bool", s.replyMembers().get(0).type());
    }

    @Test
    void argumentsKeepTypeAndOptionalityAndAnEmptyReplyIsTheEmptyObject() throws IOException {
        var s = qemu72().command("screendump").orElseThrow();
        var filename = s.argument("filename").orElseThrow();
        assertEquals("str", filename.type());
        assertEquals(false, filename.optional());
        var device = s.argument("device").orElseThrow();
        assertEquals(true, device.optional());
        var format = s.argument("format").orElseThrow();
        assertEquals(List.of("ppm", "png"), format.values());
        assertEquals("{}", s.returns());
    }

    @Test
    void unionArgumentsIncludeEveryVariantsMembersNamedByTheirCase() throws IOException {
        var s = qemu72().command("blockdev-add").orElseThrow();
        assertEquals("", s.argument("driver").orElseThrow().note());
        assertEquals("when driver=blkdebug", s.argument("config").orElseThrow().note());
        assertEquals(
                "when driver=file|host_cdrom|host_device",
                s.argument("filename").orElseThrow().note());
        assertTrue(s.argument("server").orElseThrow().note().matches("with [0-9]+ values of driver"));
        assertTrue(s.argument("read-only").orElseThrow().optional());
    }

    @Test
    void anArrayReplyDescribesItsElementsMembers() throws IOException {
        var s = qemu72().command("query-commands").orElseThrow();
        assertEquals("[object]", s.returns());
        assertEquals("name", s.replyMembers().getFirst().name());
    }

    @Test
    void boolArgumentsOfferFalseAndTrue() throws IOException {
        var s = qemu72().command("cont").orElseThrow();
        assertEquals(List.of(), s.arguments());
        var stop = qemu72().command("migrate").orElseThrow();
        assertEquals(
                List.of("false", "true"), stop.argument("detach").orElseThrow().values());
    }
}
