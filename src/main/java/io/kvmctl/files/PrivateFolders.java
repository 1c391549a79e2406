package io.kvmctl.files;

import io.kvmctl.sys.Processes;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * kvmctl's own folders (the runtime root, log root, VM homes, the store of definitions): mode 0700 and the user's,
 * since they hold QMP sockets, keys and firmware secrets. One that exists with wider access, another owner, or as a
 * symbolic link is refused with the fix, never used.
 */
public final class PrivateFolders {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateFolders() {}

    /**
     * Creates each of {@code dirs} (a root, then folders inside it) when missing, 0700, and checks each; the first
     * one's parents are made with the usual modes (/var/lib, ~/.config: the system's or the user's own).
     *
     * @param envVar the variable that chooses another place, named in the error
     */
    public static void ensure(String envVar, Path... dirs) throws IOException {
        Files.createDirectories(dirs[0].toAbsolutePath().getParent());
        for (Path dir : dirs) {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (FileAlreadyExistsException raced) {
                    // another kvmctl created it first: checked below like any existing folder
                }
            }
            check(dir, envVar);
        }
    }

    /** Fails unless {@code dir} is a real directory owned by us with no access for group or others. */
    public static void check(Path dir, String envVar) throws IOException {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory (or is a symbolic link); remove it or set " + envVar
                    + " to another folder");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != Processes.uid()) {
            throw new IOException(dir + " belongs to uid " + owner + ", not to you (uid " + Processes.uid() + "); set "
                    + envVar + " to a folder of your own");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new IOException(dir + " is accessible to other users (mode " + PosixFilePermissions.toString(perms)
                    + "); fix it with: chmod 700 " + dir);
        }
    }
}
