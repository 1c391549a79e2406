package io.kvmctl.qmp;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** An asynchronous QMP event: its name, its {@code data} (an empty object when absent) and QEMU's timestamp. */
public record QmpEvent(String name, JsonNode data, Instant timestamp) {}
