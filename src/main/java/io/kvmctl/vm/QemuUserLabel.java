package io.kvmctl.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who a running QEMU is, for {@code status}: the owner of {@code /proc/PID} (the kernel's answer, not what kvmctl
 * meant to do), and for a root QEMU that kvmctl (as root) did not ask to switch users, that this was the profile's
 * explicit opt-out.
 */
final class QemuUserLabel {
    static final String ROOT_OPT_OUT = "root (run_as: root)";

    private QemuUserLabel() {}

    static Optional<String> of(VmRecord record) {
        String owner;
        try {
            owner = Files.getOwner(Path.of("/proc", Integer.toString(record.qemuPid())))
                    .getName();
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
        return Optional.of(label(owner, record.argv()));
    }

    /** {@code owner} as status shows it, given the argv QEMU was started with. */
    static String label(String owner, List<String> argv) {
        boolean switched = argv.contains("-runas") || argv.contains("-run-with");
        return owner.equals("root") && !switched ? ROOT_OPT_OUT : owner;
    }
}
