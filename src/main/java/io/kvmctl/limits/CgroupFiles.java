package io.kvmctl.limits;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The file-system side of cgroups: finding the hierarchies, creating a VM's directories, writing a
 * {@link CgroupPlan}'s values, reading counters back, removing the directories. Every failure names the file and
 * what the kernel said.
 */
public final class CgroupFiles {
    private CgroupFiles() {}

    /** This host's layout from {@code /proc/self}; empty when no cgroup controller kvmctl uses is mounted. */
    public static Optional<CgroupHost> detectHost() throws IOException {
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
        String self = Files.readString(Path.of("/proc/self/cgroup"));
        return CgroupHost.parse(
                mountinfo,
                self,
                mount -> read(mount.resolve("cgroup.controllers")).orElse(""));
    }

    /**
     * Creates the VM's directories (and the {@code kvmctl} parents), enables the controllers (v2) and writes
     * {@code limits}. What this call created is removed again when a step fails.
     *
     * @throws CgroupException with the file, the kernel's reason and what to do
     */
    public static void create(VmCgroup cgroup, Limits limits) throws CgroupException {
        List<CgroupWrite> limitWrites;
        try {
            limitWrites = CgroupPlan.limitWrites(cgroup, limits);
        } catch (IllegalArgumentException e) {
            throw new CgroupException(e.getMessage(), e);
        }
        try {
            for (Path leaf : cgroup.directories()) {
                mkdir(leaf.getParent());
            }
            write(CgroupPlan.enableControllers(cgroup));
            for (Path leaf : cgroup.directories()) {
                mkdir(leaf);
            }
            write(limitWrites);
        } catch (CgroupException e) {
            remove(cgroup);
            throw e;
        }
    }

    /** Writes each value in order; the first failure stops. */
    public static void write(List<CgroupWrite> writes) throws CgroupException {
        for (CgroupWrite w : writes) {
            try {
                Files.writeString(
                        w.file(),
                        w.value(),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                throw new CgroupException(
                        "cannot write '" + w.value() + "' to " + w.file() + " (" + reason(e) + ")"
                                + (e instanceof AccessDeniedException ? "; " + PRIVILEGE_HINT : ""),
                        e);
            }
        }
    }

    static final String PRIVILEGE_HINT =
            "cgroup limits need kvmctl to run as root, or a cgroup delegated to" + " your user (see docs/limits.md)";

    private static void mkdir(Path dir) throws CgroupException {
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException exists) {
            // The kvmctl parent is shared; a VM's own directory left by a crash is reused (it is empty, or the
            // write to its cgroup.procs would show the QEMU still in it).
        } catch (IOException e) {
            throw new CgroupException(
                    "cannot create cgroup " + dir + " (" + reason(e) + ")"
                            + (e instanceof AccessDeniedException ? "; " + PRIVILEGE_HINT : ""),
                    e);
        }
    }

    /**
     * Removes the VM's directories (not the shared {@code kvmctl} parents). The kernel refuses while a process is
     * still in one; that is retried for a moment, since an exiting QEMU leaves its cgroup a little after it is reaped.
     *
     * @return the directories that could not be removed, with why
     */
    public static List<String> remove(VmCgroup cgroup) {
        List<String> left = new java.util.ArrayList<>();
        for (Path dir : cgroup.directories()) {
            for (int attempt = 0; ; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (FileSystemException e) {
                    if (attempt == 20 || !isBusy(e)) {
                        left.add(dir + " (" + reason(e) + ")");
                        break;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        left.add(dir + " (interrupted)");
                        break;
                    }
                } catch (IOException e) {
                    left.add(dir + " (" + reason(e) + ")");
                    break;
                }
            }
        }
        return left;
    }

    /** EBUSY: a process is still in it. */
    private static boolean isBusy(FileSystemException e) {
        return !(e instanceof DirectoryNotEmptyException)
                && e.getReason() != null
                && e.getReason().contains("busy");
    }

    public static CgroupUsage usage(VmCgroup cgroup) {
        return CgroupUsage.of(cgroup, CgroupFiles::read);
    }

    public static Limits limits(VmCgroup cgroup) {
        return CgroupLimitsReader.read(cgroup, CgroupFiles::read);
    }

    /** A cgroup file's text; empty when it is not there (a counter this kernel does not keep). */
    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e instanceof AccessDeniedException ? "Permission denied" : String.valueOf(e.getMessage());
    }
}
