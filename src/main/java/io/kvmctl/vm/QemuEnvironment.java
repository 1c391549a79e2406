package io.kvmctl.vm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment QEMU (and its supervising shell) starts with: a few variables of kvmctl's own, not all of them.
 * QEMU usually runs as another user (the {@code kvmctl} user, see docs/hardening.md), and every QEMU of that user
 * can read every other's {@code /proc/PID/environ}: whatever root's shell exported (tokens, proxy passwords) must
 * not travel into a VM's process. libvirt likewise starts QEMU with a built environment ({@code LC_ALL=C}, a
 * per-domain {@code HOME}). {@code LC_ALL=C} also keeps QEMU's messages, which kvmctl reads from qemu.log, in one
 * language.
 */
final class QemuEnvironment {
    /** Kept from kvmctl's environment when set: where programs are, the user's home, time zone, temp folder. */
    static final List<String> KEPT = List.of("PATH", "HOME", "TZ", "TMPDIR");

    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private QemuEnvironment() {}

    static Map<String, String> of(Map<String, String> kvmctls) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : KEPT) {
            String value = kvmctls.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        env.put("LC_ALL", "C");
        return env;
    }
}
