package io.kvmctl.vm;

import io.kvmctl.sys.Processes;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Says plainly when a VM belongs to another user, before any file of it is read. Without this, another user's
 * {@code kvmctl status NAME} ended in the JDK's bare "AccessDeniedException: /run/.../state.json". The real
 * protection is elsewhere (0700 folders, 0600 sockets): this only turns its refusal into a message with the fix.
 */
final class RuntimeAccess {
    private RuntimeAccess() {}

    /**
     * Throws an {@link AccessDeniedException} whose message is the reason and the fix when we may not use
     * {@code root}. Root may use any user's runtime folder (it can anyway).
     */
    static void checkUsable(RuntimeRoot root) throws IOException {
        int me = Processes.uid();
        Path path = root.path();
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                // Either there is none (no VM: the caller says so), or a folder on the way refuses us.
                Path blocked = firstUnenterable(path);
                if (blocked != null) {
                    throw denied(root, blocked, me);
                }
                return;
            }
            int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != me && me != 0) {
                throw new AccessDeniedException(
                        null,
                        null,
                        "permission denied: the runtime folder "
                                + path + " belongs to uid " + owner + ", not to you (uid " + me
                                + "), so its VMs are that "
                                + "user's; run kvmctl as that user, or set KVMCTL_RUNTIME_DIR to a folder of your own");
            }
            if (!Files.isExecutable(path)) {
                throw denied(root, path, me);
            }
        } catch (AccessDeniedException e) {
            if (e.getReason() != null) {
                throw e;
            }
            Path blocked = firstUnenterable(path);
            throw denied(root, blocked == null ? path : blocked, me);
        }
    }

    /** The first folder from {@code /} towards {@code path} that exists but that we cannot search, or null. */
    private static Path firstUnenterable(Path path) {
        Path at = path.getRoot();
        for (Path part : path.toAbsolutePath()) {
            if (!Files.isDirectory(at) || !Files.isExecutable(at)) {
                return Files.exists(at) ? at : null;
            }
            at = at.resolve(part);
        }
        return null;
    }

    private static AccessDeniedException denied(RuntimeRoot root, Path blocked, int me) {
        String who;
        try {
            who = "owned by uid " + Files.getAttribute(blocked, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ", mode "
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(blocked, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            who = "not searchable by you";
        }
        return new AccessDeniedException(
                null,
                null,
                "permission denied: you (uid " + me
                        + ") cannot enter " + blocked + " (" + who + "), so the VMs under " + root.path()
                        + " belong to "
                        + "another user; run kvmctl as that user, or set KVMCTL_RUNTIME_DIR to a folder of your own");
    }
}
