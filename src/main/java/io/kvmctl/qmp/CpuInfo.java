package io.kvmctl.qmp;

import tools.jackson.databind.JsonNode;

/** One vCPU from {@code query-cpus-fast}: its index, QOM path, host thread id and target architecture. */
public record CpuInfo(int cpuIndex, String qomPath, long threadId, String target) {
    static CpuInfo fromJson(JsonNode c) {
        return new CpuInfo(Replies.intOr(c.get("cpu-index"), -1), Replies.stringOr(c.get("qom-path"), ""),
                Replies.longOr(c.get("thread-id"), -1), Replies.stringOr(c.get("target"), ""));
    }
}
