package io.kvmctl.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HandedOverFilesTest {
    private static final JsonNode FDSETS = JsonMapper.builder().build().readTree("""
                    [{"fdset-id": 0, "fds": [{"fd": 31, "opaque": "/root/vm/data, 1.qcow2"}]},
                     {"fdset-id": 2, "fds": [{"fd": 33}]}]
                    """);

    @Test
    void aHandedOverMediumIsShownAsTheFileTheUserNamed() {
        assertEquals("/root/vm/data, 1.qcow2", HandedOverFiles.named("/dev/fdset/0", FDSETS));
    }

    @Test
    void aPathOrASetWithoutPathStaysAsQemuSaysIt() {
        assertEquals("/srv/a.img", HandedOverFiles.named("/srv/a.img", FDSETS));
        assertEquals("/dev/fdset/2", HandedOverFiles.named("/dev/fdset/2", FDSETS));
        assertEquals("/dev/fdset/7", HandedOverFiles.named("/dev/fdset/7", FDSETS));
    }
}
