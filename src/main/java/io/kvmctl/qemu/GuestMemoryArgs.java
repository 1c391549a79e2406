package io.kvmctl.qemu;

import io.kvmctl.profile.MemoryBackend;
import io.kvmctl.profile.Profile;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guest RAM of a {@code memory_backend: shared} profile: {@code memory-backend-file} on the memfd QEMU inherits
 * ({@code mem-path=/proc/self/fd/N}, {@code share=on}), made the machine's RAM with {@code memory-backend=}. QEMU
 * opens it before it drops privileges, and keeps it open, which is how a local migration finds it again.
 */
public final class GuestMemoryArgs {
    /** The backend's id, which is also the RAM block's name in the migration stream: both ends must agree. */
    public static final String BACKEND_ID = "kvmctl-ram";

    private static final Pattern RECORDED =
            Pattern.compile("memory-backend-file,id=" + BACKEND_ID + ",.*mem-path=/proc/self/fd/(\\d+),.*share=on.*");

    private GuestMemoryArgs() {}

    /** The descriptor number QEMU inherits the memory at: right after the NICs' descriptors. */
    public static int childFd(Profile p, InheritedSockets sockets, int nicFds) {
        return sockets.firstFreeFd(p) + nicFds;
    }

    /** Adds the backend object and returns the machine property that makes it the RAM, for a shared profile. */
    static void add(
            List<String> a,
            QemuOpts machine,
            Profile p,
            LaunchContext ctx,
            java.util.Optional<InheritedSockets> inherited) {
        if (p.memoryBackend() != MemoryBackend.SHARED) {
            return;
        }
        InheritedSockets sockets = inherited.orElseThrow(() -> new IllegalArgumentException(
                "memory_backend: shared needs kvmctl's launcher, which hands QEMU the memory descriptor"));
        int fd = childFd(p, sockets, ctx.nicFds().size());
        QemuCommandLine.add(
                a,
                "-object",
                new QemuOpts("memory-backend-file")
                        .add("id", BACKEND_ID)
                        .add("size", p.memory().mebibytes() + "M")
                        .add("mem-path", "/proc/self/fd/" + fd)
                        .add("share", "on"));
        machine.add("memory-backend", BACKEND_ID);
    }

    /** The descriptor of a VM's shared guest memory in its QEMU, from the argv it was started with; empty if private. */
    public static OptionalInt sharedMemoryFd(List<String> argv) {
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals("-object")) {
                Matcher m = RECORDED.matcher(argv.get(i + 1));
                if (m.matches()) {
                    return OptionalInt.of(Integer.parseInt(m.group(1)));
                }
            }
        }
        return OptionalInt.empty();
    }
}
