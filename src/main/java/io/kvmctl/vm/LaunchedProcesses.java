package io.kvmctl.vm;

import io.kvmctl.sys.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The processes kvmctl launched for one runtime directory, found by their command lines in {@code /proc}: what a
 * later kvmctl needs when the one that started them was killed before it recorded their pids. Only this user's
 * processes count, and only two exact shapes, so a user's {@code tail -f .../serial.log} is never taken for one:
 * the supervisor shell ({@code /bin/sh -c SCRIPT kvmctl-supervise-NAME DIR/exit-status QEMU...}) and QEMU (or a
 * wrapper that has not exec'd it yet), whose argv has {@code -pidfile DIR/qemu.pid}.
 */
final class LaunchedProcesses {
    enum Role {
        SUPERVISOR,
        QEMU
    }

    /** One process, with its command line. */
    record Launched(int pid, Role role, List<String> argv) {}

    private static final Path PROC = Path.of("/proc");

    private LaunchedProcesses() {}

    /** The supervisor and QEMU processes of {@code dir} that exist now (zombies excluded), supervisor first. */
    static List<Launched> of(VmDirectory dir) throws IOException {
        int me = Processes.uid();
        List<Launched> found = new ArrayList<>();
        try (DirectoryStream<Path> entries =
                Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
            for (Path p : entries) {
                List<String> argv = commandLine(p, me);
                Role role = argv.isEmpty() ? null : roleOf(argv, dir);
                if (role != null) {
                    found.add(new Launched(Integer.parseInt(p.getFileName().toString()), role, argv));
                }
            }
        }
        found.sort((a, b) -> a.role().compareTo(b.role()));
        return found;
    }

    /** Which of kvmctl's processes for {@code dir} a command line is, or null when it is none of them. Pure. */
    static Role roleOf(List<String> argv, VmDirectory dir) {
        String pidFile = dir.qemuPidFile().toString();
        boolean launchedHere = false;
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals("-pidfile") && argv.get(i + 1).equals(pidFile)) {
                launchedHere = true;
                break;
            }
        }
        if (!launchedHere) {
            return null;
        }
        boolean supervisor = argv.size() > 4
                && argv.get(1).equals("-c")
                && argv.get(3).startsWith("kvmctl-supervise-")
                && argv.get(4).equals(dir.exitStatus().toString());
        return supervisor ? Role.SUPERVISOR : Role.QEMU;
    }

    /**
     * Whether {@code argv} is a QEMU told to drop to {@code user} ({@code -runas USER}, {@code -run-with
     * user=USER}): how a QEMU that root's kvmctl started comes to belong to another user (run_as). Pure.
     */
    static boolean switchedTo(List<String> argv, String user) {
        for (int i = 0; i + 1 < argv.size(); i++) {
            String option = argv.get(i);
            String value = argv.get(i + 1);
            if (option.equals("-runas") && value.equals(user)) {
                return true;
            }
            if (option.equals("-run-with") && List.of(value.split(",")).contains("user=" + user)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    /** The argv of process directory {@code p} when it is ours and alive; empty otherwise (or when it just ended). */
    private static List<String> commandLine(Path p, int me) {
        try {
            int owner = (Integer) Files.getAttribute(p, "unix:uid");
            if (owner != me && me != 0) {
                return List.of();
            }
            byte[] raw = Files.readAllBytes(p.resolve("cmdline")); // empty for a zombie or a kernel thread
            if (raw.length == 0) {
                return List.of();
            }
            String text = new String(raw, StandardCharsets.UTF_8);
            if (text.endsWith("\0")) {
                text = text.substring(0, text.length() - 1);
            }
            List<String> argv = Arrays.asList(text.split("\0", -1));
            if (owner != me && !switchedTo(argv, Files.getOwner(p).getName())) {
                return List.of();
            }
            return argv;
        } catch (IOException | RuntimeException gone) {
            return List.of();
        }
    }
}
