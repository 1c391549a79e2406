package io.kvmctl.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys a profile may contain, per object. The loader rejects any other key (with a "did you mean"), and a test
 * checks that the JSON Schema and README in qemu-profiles/ describe exactly these.
 */
final class ProfileKeys {
    static final List<String> TOP = List.of(
            "name",
            "accel",
            "machine",
            "cpu",
            "smp",
            "memory",
            "memory_backend",
            "boot",
            "disks",
            "cdrom",
            "cdroms",
            "nics",
            "display",
            "serial",
            "incoming",
            "uuid",
            "on_poweroff",
            "on_reboot",
            "on_crash",
            "balloon",
            "qemu",
            "extra_args",
            "hotplug_slots",
            "qmp_sockets",
            "run_as",
            "limits",
            "sandbox",
            "firmware",
            "secure_boot",
            "agent",
            "cloud_init",
            "tpm");
    static final List<String> BOOT_KERNEL = List.of("kernel", "initrd", "append");
    static final List<String> DISK =
            List.of("id", "file", "format", "bus", "cache", "aio", "readonly", "snapshot", "discard", "overlay");
    static final List<String> CDROM = List.of("id", "file");
    static final List<String> NIC = List.of("id", "model", "mac", "user", "tap", "bridge");
    static final List<String> USER = List.of("hostfwd");
    static final List<String> HOSTFWD = List.of("protocol", "host_address", "host_port", "guest_address", "guest_port");
    static final List<String> TAP = List.of("ifname");
    static final List<String> BRIDGE = List.of("name");
    static final List<String> VNC = List.of("vnc", "listen", "password");
    static final List<String> SERIAL = List.of("log");
    static final List<String> CLOUD_INIT =
            List.of("user_data", "meta_data", "network_config", "user", "password", "ssh", "ssh_authorized_keys");
    static final List<String> LIMITS = List.of("cpu", "memory", "pids", "disks");
    static final List<String> LIMITS_DISK =
            List.of("id", "bps", "read_bps", "write_bps", "iops", "read_iops", "write_iops");

    private ProfileKeys() {}

    /** Each object's keys by its place in the document: {@code ""} is the top, {@code disks[]} a disk, and so on. */
    static Map<String, List<String>> byLocation() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("", TOP);
        m.put("boot", BOOT_KERNEL);
        m.put("disks[]", DISK);
        m.put("cdroms[]", CDROM);
        m.put("nics[]", NIC);
        m.put("nics[].user", USER);
        m.put("nics[].user.hostfwd[]", HOSTFWD);
        m.put("nics[].tap", TAP);
        m.put("nics[].bridge", BRIDGE);
        m.put("display", VNC);
        m.put("serial", SERIAL);
        m.put("limits", LIMITS);
        m.put("limits.disks[]", LIMITS_DISK);
        m.put("cloud_init", CLOUD_INIT);
        return m;
    }
}
