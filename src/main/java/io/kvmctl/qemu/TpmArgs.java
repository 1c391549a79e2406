package io.kvmctl.qemu;

import io.kvmctl.profile.Profile;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * The guest's TPM ({@code tpm: true}): QEMU's {@code emulator} backend talking to swtpm over the control socket
 * {@value #SOCKET_FILE} in the runtime directory, and the TPM device the machine has: {@code tpm-crb} on q35 (what
 * libvirt and Incus choose there; TPM 2.0 only, no ISA bus needed), {@code tpm-tis} on pc. kvmctl binds that socket
 * and hands it to swtpm, so it is there, 0600, before QEMU starts; QEMU connects to it while it is still the user
 * kvmctl ran it as, before any switch to {@code kvmctl}.
 */
public final class TpmArgs {
    /** swtpm's control socket in the runtime directory. */
    public static final String SOCKET_FILE = "swtpm.sock";

    public static final String CHARDEV = "kvmctl-tpm-chr";
    public static final String BACKEND = "kvmctl-tpm0";
    public static final String DEVICE = "kvmctl-tpm";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TpmArgs() {}

    /** The TPM device for a machine type (already checked by the profile to be q35 or pc). */
    public static String deviceModel(String machine) {
        return machine.contains("q35") ? "tpm-crb" : "tpm-tis";
    }

    /** The chardev, the backend and the device, when the profile asks for a TPM. */
    static void add(List<String> a, Profile p, LaunchContext ctx) {
        if (!p.tpm()) {
            return;
        }
        a.add("-chardev");
        a.add(new QemuOpts("socket")
                .add("id", CHARDEV)
                .add("path", ctx.runtimeDir().resolve(SOCKET_FILE).toString())
                .toString());
        a.add("-tpmdev");
        a.add(new QemuOpts("emulator")
                .add("id", BACKEND)
                .add("chardev", CHARDEV)
                .toString());
        QemuCommandLine.json(
                a,
                "-device",
                JSON.createObjectNode()
                        .put("driver", deviceModel(p.machine()))
                        .put("tpmdev", BACKEND)
                        .put("id", DEVICE));
    }

    /** Whether a recorded argv has a TPM: what the VM was started with, whatever its profile says now. */
    public static boolean in(List<String> argv) {
        return argv.contains("-tpmdev");
    }
}
