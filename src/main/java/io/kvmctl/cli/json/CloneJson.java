package io.kvmctl.cli.json;

import java.util.List;

/**
 * {@code kvmctl clone --json} ({@code kvmctl.clone/1}): the new VM's profile (a file, or the definition of a defined
 * clone), its UUID, the overlays made and the UEFI variable stores copied.
 */
public record CloneJson(
        String source,
        String name,
        boolean defined,
        String profile,
        String uuid,
        List<String> overlays,
        List<String> uefiVars,
        List<String> notes) {
    public static final String KIND = "kvmctl.clone/1";
}
