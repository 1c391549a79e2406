package io.kvmctl.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class QmpMessageTest {
    private static String encoded(String id, String command, ObjectNode arguments, boolean oob) {
        return new String(QmpMessage.encodeCommand(id, command, arguments, oob), StandardCharsets.UTF_8);
    }

    @Test
    void encodesACommandAsOneJsonLineWithItsId() {
        ObjectNode args = Json.object().put("id", "net,0").put("path", "/a \"b\"\nc");
        assertEquals(
                "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"net,0\",\"path\":\"/a \\\"b\\\"\\nc\"},"
                        + "\"id\":\"7\"}\n",
                encoded("7", "device_del", args, false));
    }

    @Test
    void leavesOutEmptyOrMissingArguments() {
        assertEquals("{\"execute\":\"query-status\",\"id\":\"1\"}\n", encoded("1", "query-status", null, false));
        assertEquals(
                "{\"execute\":\"query-status\",\"id\":\"2\"}\n", encoded("2", "query-status", Json.object(), false));
    }

    @Test
    void outOfBandCommandsUseExecOob() {
        assertEquals("{\"exec-oob\":\"migrate-pause\",\"id\":\"3\"}\n", encoded("3", "migrate-pause", null, true));
    }

    @Test
    void anEncodedCommandIsNotMistakenForAReplyWhenEchoed() throws QmpProtocolException {
        byte[] line = QmpMessage.encodeCommand("4", "stop", null, false);
        // Without its newline, as the framer hands it over: a command is none of QEMU's message kinds.
        QmpMessage m = QmpMessage.parse(Json.MAPPER, line, line.length - 1);
        assertInstanceOf(QmpMessage.Unknown.class, m);
    }
}
