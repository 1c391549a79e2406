package io.kvmctl.cli.json;

/**
 * {@code kvmctl memory --json} ({@code kvmctl.memory/1}): the balloon's view. {@code target_bytes} is null when
 * only read; {@code reached} says whether the guest got to it within {@code --wait}.
 */
public record MemoryJson(String name, long actualBytes, long maxBytes, Long targetBytes, Boolean reached) {
    public static final String KIND = "kvmctl.memory/1";
}
