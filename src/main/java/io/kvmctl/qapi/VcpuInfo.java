package io.kvmctl.qapi;

import io.kvmctl.qmp.Replies;
import tools.jackson.databind.JsonNode;

/** One vCPU from {@code query-cpus-fast}: its index, QOM path, host thread id and target architecture. */
public record VcpuInfo(int cpuIndex, String qomPath, long threadId, String target) {
    static VcpuInfo fromJson(JsonNode c) {
        return new VcpuInfo(
                Replies.intOr(c.get("cpu-index"), -1),
                Replies.stringOr(c.get("qom-path"), ""),
                Replies.longOr(c.get("thread-id"), -1),
                Replies.stringOr(c.get("target"), ""));
    }
}
