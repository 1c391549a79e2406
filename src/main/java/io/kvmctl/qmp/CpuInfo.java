package io.kvmctl.qmp;

import tools.jackson.databind.JsonNode;

/** One vCPU from {@code query-cpus-fast}: its index, QOM path, host thread id and target architecture. */
public record CpuInfo(int cpuIndex, String qomPath, long threadId, String target) {
    static CpuInfo fromJson(JsonNode c) {
        return new CpuInfo(c.path("cpu-index").asInt(-1), c.path("qom-path").asString(""),
                c.path("thread-id").asLong(-1), c.path("target").asString(""));
    }
}
