package io.kvmctl.cli.json;

/** {@code kvmctl pause|resume|reset --json} ({@code kvmctl.pause/1}, ...): what was done and the run state now. */
public record RunStateJson(String name, String action, String state) {}
