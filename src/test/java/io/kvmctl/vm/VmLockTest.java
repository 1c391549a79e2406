package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmLockTest {
    @TempDir
    Path tmp;

    @Test
    void isReentrantForTheHoldingThread() throws Exception {
        VmDirectory dir = new VmDirectory(tmp.resolve("vm"));
        VmLock outer = VmLock.acquire(dir);
        VmLock inner = VmLock.acquire(dir); // would throw OverlappingFileLockException without the in-JVM layer
        inner.close();
        outer.close();
        outer.close(); // idempotent
        VmLock again = VmLock.acquire(dir); // still usable after the last release
        again.close();
    }

    @Test
    void tryAcquireSucceedsForTheHolderAndFailsForOthers() throws Exception {
        VmDirectory dir = new VmDirectory(tmp.resolve("vm"));
        VmLock free = VmLock.tryAcquire(dir);
        assertTrue(free != null, "a free lock is taken");
        VmLock again = VmLock.tryAcquire(dir);
        assertTrue(again != null, "the holding thread takes it again");
        java.util.concurrent.atomic.AtomicBoolean otherGotIt = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                otherGotIt.set(VmLock.tryAcquire(dir) != null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        other.join();
        assertFalse(otherGotIt.get(), "another thread does not get it");
        again.close();
        free.close();
        VmLock afterRelease = VmLock.tryAcquire(dir);
        assertTrue(afterRelease != null, "free again after the last release");
        afterRelease.close();
    }

    @Test
    void excludesOtherThreadsUntilTheLastRelease() throws Exception {
        VmDirectory dir = new VmDirectory(tmp.resolve("vm"));
        CountDownLatch acquired = new CountDownLatch(1);
        VmLock outer = VmLock.acquire(dir);
        VmLock inner = VmLock.acquire(dir);
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                VmLock l = VmLock.acquire(dir);
                acquired.countDown();
                l.close();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        inner.close();
        assertFalse(acquired.await(200, TimeUnit.MILLISECONDS), "another thread got the lock while it was held");
        outer.close();
        assertTrue(acquired.await(10, TimeUnit.SECONDS), "the lock was not released by the last close");
        other.join();
    }

    @Test
    void excludesOtherProcesses() throws Exception {
        VmDirectory dir = new VmDirectory(tmp.resolve("vm"));
        VmLock held = VmLock.acquire(dir);
        assertEquals(1, tryLockInAnotherJvm(dir), "another process got the lock while it was held");
        held.close();
        assertEquals(0, tryLockInAnotherJvm(dir), "the lock was not released for other processes");
    }

    /** Exit code of a second JVM's FileChannel.tryLock on the lock file: 0 = got it, 1 = held elsewhere. */
    private static int tryLockInAnotherJvm(VmDirectory dir) throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        TryLock.class.getName(),
                        dir.lockFile().toString())
                .inheritIO()
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    /** Run in a second JVM: the same kind of lock (fcntl record lock) that VmLock takes. */
    public static final class TryLock {
        public static void main(String[] args) throws Exception {
            try (var ch =
                    java.nio.channels.FileChannel.open(Path.of(args[0]), java.nio.file.StandardOpenOption.WRITE)) {
                System.exit(ch.tryLock() == null ? 1 : 0);
            }
        }
    }
}
