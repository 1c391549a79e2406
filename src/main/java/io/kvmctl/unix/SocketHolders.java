package io.kvmctl.unix;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which processes hold a socket, found the way {@code ss -p} and {@code lsof} find it: each {@code /proc/PID/fd/N}
 * of a socket is a link to {@code socket:[INODE]}. Only processes this user may look into are seen (its own, or
 * all of them for root).
 */
final class SocketHolders {
    private static final Path PROC = Path.of("/proc");

    private SocketHolders() {}

    /** The socket inode a {@code /proc/PID/fd/N} link names ({@code socket:[1234]}), empty for anything else. */
    static OptionalLong socketInode(String linkTarget) {
        if (!linkTarget.startsWith("socket:[") || !linkTarget.endsWith("]")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(linkTarget.substring("socket:[".length(), linkTarget.length() - 1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * For each of {@code inodes}, the pids (ascending) whose descriptors ({@code linksByPid}: pid to the targets of
     * its {@code /proc/PID/fd} links) include it. An inode nobody visible holds is absent.
     */
    static Map<Long, List<Integer>> holders(Map<Integer, List<String>> linksByPid, Set<Long> inodes) {
        Map<Long, List<Integer>> found = new LinkedHashMap<>();
        new TreeMap<>(linksByPid)
                .forEach((pid, links) -> links.stream()
                        .map(SocketHolders::socketInode)
                        .filter(OptionalLong::isPresent)
                        .map(OptionalLong::getAsLong)
                        .filter(inodes::contains)
                        .distinct()
                        .forEach(inode -> found.computeIfAbsent(inode, i -> new ArrayList<>())
                                .add(pid)));
        return found;
    }

    /** The command name of a {@code /proc/PID/comm} file's text. */
    static String command(String commText) {
        return commText.strip();
    }

    /** {@link #holders} over the live {@code /proc}. */
    static Map<Long, List<Integer>> scan(Set<Long> inodes) throws IOException {
        Map<Integer, List<String>> links = new LinkedHashMap<>();
        try (DirectoryStream<Path> processes =
                Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
            for (Path process : processes) {
                List<String> targets = fdTargets(process.resolve("fd"));
                if (!targets.isEmpty()) {
                    links.put(Integer.parseInt(process.getFileName().toString()), targets);
                }
            }
        }
        return holders(links, inodes);
    }

    /** The command name of a live process, or "?" when it is gone or hidden. */
    static String command(int pid) {
        try {
            return command(Files.readString(PROC.resolve(Integer.toString(pid)).resolve("comm")));
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<String> fdTargets(Path fdDir) {
        List<String> targets = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException closedMeanwhile) {
                    // A descriptor closed between listing and reading: it holds nothing now.
                }
            }
        } catch (IOException | SecurityException notOurs) {
            // Another user's process, or one that exited while we looked.
        }
        return targets;
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
