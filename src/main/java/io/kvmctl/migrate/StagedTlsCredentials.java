package io.kvmctl.migrate;

import io.kvmctl.sys.Processes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The TLS credentials folder as the QEMU that loads it can read it. QEMU reads {@code dir=} when kvmctl adds its
 * {@code tls-creds-x509} object, long after it dropped root for the {@code kvmctl} user (run_as), so a folder of
 * root's is out of its reach. kvmctl then copies the {@code .pem} files into a private folder on {@code /dev/shm}
 * (memory, not disk: it holds a private key), owned by QEMU's user, 0700 with files 0400, and removes it as soon
 * as QEMU has loaded them: QEMU reads the files once, when the object is created. No ACL or owner of the user's
 * own files changes. A QEMU of kvmctl's own user reads the folder as it is.
 */
final class StagedTlsCredentials implements AutoCloseable {
    private final Path dir;
    private final boolean staged;

    private StagedTlsCredentials(Path dir, boolean staged) {
        this.dir = dir;
        this.staged = staged;
    }

    /** The folder QEMU process {@code qemuPid} can read: {@code credentials} itself, or a staged copy. */
    static StagedTlsCredentials forQemu(Path credentials, int qemuPid) throws IOException {
        Path proc = Path.of("/proc", Integer.toString(qemuPid));
        int qemuUid = (Integer) Files.getAttribute(proc, "unix:uid");
        if (qemuUid == Processes.uid() || Processes.uid() != 0) {
            return new StagedTlsCredentials(credentials, false);
        }
        UserPrincipal owner = Files.getOwner(proc);
        Path base = Files.isDirectory(Path.of("/dev/shm"))
                ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir"));
        Path copy = Files.createTempDirectory(
                base,
                "kvmctl-tls-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        StagedTlsCredentials staged = new StagedTlsCredentials(copy, true);
        try {
            try (DirectoryStream<Path> pems = Files.newDirectoryStream(credentials, "*.pem")) {
                for (Path pem : pems) {
                    Path target = Files.copy(pem, copy.resolve(pem.getFileName()));
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--------"));
                    Files.setOwner(target, owner);
                }
            }
            Files.getFileAttributeView(copy, PosixFileAttributeView.class).setOwner(owner);
            return staged;
        } catch (IOException | RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    /** The folder to give QEMU as {@code dir=}. */
    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (!staged) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: /dev/shm is memory and the folder is QEMU's user's alone
        }
    }
}
