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
        qmp.path("capabilities").forEach(c -> caps.add(c.asString()));
        return new QmpGreeting(QemuVersion.fromJson(qmp.path("version")), caps);
    }

    public boolean offers(String capability) {
        return capabilities.contains(capability);
    }
}
