package io.kvmctl.qmp;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The greeting QEMU sends first: its version and the capabilities it offers (e.g. {@code oob}). */
public record QmpGreeting(QemuVersion version, List<String> capabilities) {
    public QmpGreeting {
        capabilities = List.copyOf(capabilities);
    }

    /** The {@code "QMP"} member of the greeting message. */
    static QmpGreeting fromJson(JsonNode qmp) {
        List<String> caps = new ArrayList<>();
        // Capabilities are strings; anything else is skipped (asString() would throw on a container).
        qmp.path("capabilities").forEach(c -> {
            if (c.isString()) {
                caps.add(c.stringValue());
            }
        });
        return new QmpGreeting(QemuVersion.fromJson(qmp.path("version")), caps);
    }

    public boolean offers(String capability) {
        return capabilities.contains(capability);
    }
}
