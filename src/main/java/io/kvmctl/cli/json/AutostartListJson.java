package io.kvmctl.cli.json;

import java.util.List;

/** {@code kvmctl autostart --list --json} ({@code kvmctl.autostart.list/1}): the defined VMs that autostart. */
public record AutostartListJson(List<String> names) {
    public static final String KIND = "kvmctl.autostart.list/1";
}
