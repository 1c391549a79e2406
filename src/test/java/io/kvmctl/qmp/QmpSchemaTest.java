package io.kvmctl.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QmpSchemaTest {
    /** A slice of query-qmp-schema: a plain command, a union-argument command, and device_add. */
    private static final String SCHEMA = """
            [{"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
             {"name": "query-stats", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
             {"name": "0", "meta-type": "object", "members": []},
             {"name": "human-monitor-command", "meta-type": "command", "arg-type": "10", "ret-type": "str"},
             {"name": "10", "meta-type": "object", "members": [{"name": "command-line", "type": "str"},
                {"name": "cpu-index", "type": "int", "default": null}]},
             {"name": "netdev_add", "meta-type": "command", "arg-type": "20", "ret-type": "0"},
             {"name": "20", "meta-type": "object", "tag": "type", "members": [{"name": "id", "type": "str"},
                {"name": "type", "type": "21"}], "variants": [{"case": "user", "type": "22"}]},
             {"name": "22", "meta-type": "object", "members": [{"name": "restrict", "type": "bool"}]},
             {"name": "device_add", "meta-type": "command", "arg-type": "30", "ret-type": "0"},
             {"name": "30", "meta-type": "object", "members": [{"name": "driver", "type": "str"}]}]
            """;

    private final QmpSchema schema = QmpSchema.fromIntrospection(Json.MAPPER.readTree(SCHEMA));

    @Test
    void suggestsTheClosestCommandForATypo() {
        QmpValidationException e =
                assertThrows(QmpValidationException.class, () -> schema.validate("query-staus", null));
        assertEquals("unknown QMP command 'query-staus'; did you mean 'query-status'?", e.getMessage());
    }

    @Test
    void underscoreForDashIsNoTypo() {
        QmpValidationException e =
                assertThrows(QmpValidationException.class, () -> schema.validate("human_monitor_command", null));
        assertEquals(
                "unknown QMP command 'human_monitor_command'; did you mean 'human-monitor-command'?", e.getMessage());
    }

    @Test
    void farOffNamesGetNoSuggestion() {
        QmpValidationException e = assertThrows(QmpValidationException.class, () -> schema.validate("xyzzy", null));
        assertEquals(
                "unknown QMP command 'xyzzy'; 'query-commands' lists the commands this QEMU knows", e.getMessage());
    }

    @Test
    void suggestsTheClosestArgumentName() {
        QmpValidationException e = assertThrows(
                QmpValidationException.class,
                () -> schema.validate("human-monitor-command", Json.object().put("commandline", "info")));
        assertEquals(
                "QMP command 'human-monitor-command' has no argument 'commandline'; did you mean " + "'command-line'?",
                e.getMessage());
    }

    @Test
    void acceptsMembersOfUnionVariantsAndAnyDeviceProperty() throws Exception {
        schema.validate(
                "netdev_add", Json.object().put("type", "user").put("id", "n").put("restrict", true));
        schema.validate("device_add", Json.object().put("driver", "e1000").put("mac", "52:54:00:00:00:01"));
    }

    @Test
    void commandWithoutArgumentsSaysSo() {
        QmpValidationException e = assertThrows(
                QmpValidationException.class,
                () -> schema.validate("query-status", Json.object().put("verbose", true)));
        assertEquals("QMP command 'query-status' has no argument 'verbose'; it takes no arguments", e.getMessage());
    }

    @Test
    void commandListAloneChecksOnlyNames() throws Exception {
        QmpSchema names = QmpSchema.fromCommandList(Json.MAPPER.readTree("[{\"name\": \"stop\"}]"));
        names.validate("stop", Json.object().put("anything", 1));
        assertThrows(QmpValidationException.class, () -> names.validate("stpo", null));
    }
}
