package io.kvmctl.vm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Gives a running VM another name: what a local migration under the same name needs at its end, since the
 * destination had to start under a temporary name while the source still held the real one.
 *
 * <p>The commit point is one {@code rename(2)} of the runtime directory, which is atomic: a crash before it leaves
 * the VM whole under the old name, after it whole under the new one. The directory name is what kvmctl looks VMs
 * up by ({@link Vm#attach} trusts it over the name inside the record), so the record's rewrite afterwards is a
 * tidy-up, not part of the commit. QEMU keeps its sockets (they move with the directory) but holds two absolute
 * paths into the old directory: its {@code -pidfile}, and the supervisor's exit-status file. A symbolic link from
 * the old name to the new keeps both valid; {@link RuntimeRoot#names} lists directories only, so the link is not
 * a second VM, and {@link #sweepDanglingAliases} removes it once the VM is gone.
 */
public final class VmRenamer {
    private VmRenamer() {}

    /** Renames the runtime directory of {@code from} (its QEMU may run) to {@code to}, which must not exist. */
    public static VmDirectory rename(RuntimeRoot root, String from, String to) throws IOException {
        VmDirectory source = root.vm(from);
        VmDirectory target = root.vm(to);
        if (Files.exists(target.path(), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot rename VM " + from + " to " + to + ": " + target.path() + " exists");
        }
        VmRecord record = VmRecordStore.read(source).orElseThrow(() -> new NoSuchVmException(from, root));
        Files.move(source.path(), target.path(), StandardCopyOption.ATOMIC_MOVE);
        Files.createSymbolicLink(source.path(), source.path().getParent().relativize(target.path()));
        VmRecordStore.write(target, renamed(record, to));
        return target;
    }

    /**
     * Removes links left by {@link #rename} that no running QEMU needs any more: dangling ones (the VM was
     * stopped), and ones whose target is another VM now (a later migration replaced it), recognised by that VM's
     * command line not naming the link.
     */
    public static void sweepDanglingAliases(RuntimeRoot root) throws IOException {
        if (!Files.isDirectory(root.path())) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.path())) {
            for (Path p : entries) {
                if (Files.isSymbolicLink(p) && !neededAlias(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static VmRecord renamed(VmRecord r, String name) {
        return new VmRecord(
                r.formatVersion(),
                name,
                r.supervisorPid(),
                r.qemuPid(),
                r.qemuStartedAt(),
                r.argv(),
                r.profileSource(),
                r.accel(),
                r.startedAt(),
                r.uid(),
                r.machine(),
                r.firmware());
    }

    private static boolean neededAlias(Path link) {
        if (!Files.isDirectory(link)) {
            return false;
        }
        try {
            String prefix = link + "/";
            return VmRecordStore.read(new VmDirectory(link))
                    .map(r -> r.qemuAlive() && r.argv().stream().anyMatch(a -> a.startsWith(prefix)))
                    .orElse(false);
        } catch (IOException e) {
            return true; // unreadable record: leave the link to whoever looks at it
        }
    }
}
