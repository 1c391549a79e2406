package io.kvmctl.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads a profile's {@code extra_args} escape hatch and checks it against what kvmctl controls. The extra arguments go last on the
 * command line, so an option missing its value cannot swallow one of kvmctl's own arguments.
 */
final class ExtraArgs {
    /** Options kvmctl sets itself, each with the way to get the same effect. */
    static final Map<String, String> CONTROLLED = controlled();

    static final String RESERVED_ID_PREFIX = "kvmctl-";

    private ExtraArgs() {}

    private static Map<String, String> controlled() {
        Map<String, String> m = new LinkedHashMap<>();
        String qmp = "kvmctl owns the QMP monitor; talk to the VM with `kvmctl qmp` or the Java QMP client";
        for (String o : List.of("-qmp", "-qmp-pretty", "-monitor", "-mon")) {
            m.put(o, qmp);
        }
        String supervise = "kvmctl supervises the QEMU process itself; remove it";
        for (String o : List.of("-daemonize", "-pidfile", "-chroot", "-readconfig", "-writeconfig")) {
            m.put(o, supervise);
        }
        String user = "kvmctl chooses the user QEMU runs as; use the `run_as` field (or `kvmctl up --run-as USER`)";
        m.put("-runas", user);
        m.put("-run-with", user);
        m.put("-serial", "kvmctl wires the serial console; use the `serial` field");
        m.put("-nographic", "it adds a stdio console and monitor; use `display: none`");
        m.put("-display", "use the `display` field");
        m.put("-vnc", "use the `display` field (display: {vnc: auto})");
        m.put("-name", "use the `name` field or --name");
        m.put("-incoming", "use the `incoming` field");
        m.put("-S", "kvmctl decides whether the VM starts paused");
        m.put("-accel", "use the `accel` field");
        m.put("-enable-kvm", "use `accel: kvm`");
        m.put("-machine", "use the `machine` field");
        m.put("-M", "use the `machine` field");
        m.put("-cpu", "use the `cpu` field");
        m.put("-smp", "use the `smp` field");
        m.put("-m", "use the `memory` field");
        m.put("-uuid", "use the `uuid` field");
        m.put("-kernel", "use `boot: {kernel: ...}`");
        m.put("-initrd", "use `boot: {initrd: ...}`");
        m.put("-append", "use `boot: {append: ...}`");
        m.put("-boot", "use the `boot` field");
        m.put("-no-reboot", "use `on_reboot: shutdown`");
        m.put("-no-shutdown", "use `on_poweroff: pause`");
        m.put("-action", "use on_poweroff, on_reboot and on_crash");
        m.put("-sandbox", "kvmctl starts QEMU with libvirt's seccomp set; `sandbox: false` turns it off");
        return Map.copyOf(m);
    }

    /** The {@code extra_args} list, without the arguments that conflict (each one reported). */
    static List<String> read(YamlObject t, Problems problems) {
        List<String> args = new ArrayList<>();
        List<JsonNode> items = t.list("extra_args");
        for (int i = 0; i < items.size(); i++) {
            String at = "extra_args[" + i + "]";
            Optional<String> arg = YamlObject.text(items.get(i), at, problems);
            if (arg.isEmpty()) {
                continue;
            }
            conflict(arg.get()).ifPresentOrElse(why -> problems.error(at, why, "remove it"), () -> args.add(arg.get()));
        }
        return args;
    }

    /** Why {@code arg} may not be used, and what to do instead; empty if it is fine. */
    static Optional<String> conflict(String arg) {
        // QEMU accepts --option as well as -option.
        String option = arg.startsWith("--") ? arg.substring(1) : arg;
        String why = CONTROLLED.get(option);
        if (why != null) {
            return Optional.of(arg + " conflicts with what kvmctl controls; " + why);
        }
        if (arg.contains(RESERVED_ID_PREFIX)) {
            return Optional.of("'" + arg + "' refers to kvmctl's own objects (ids starting with " + RESERVED_ID_PREFIX
                    + " are reserved); use another id");
        }
        return Optional.empty();
    }
}
