package io.kvmctl.vm;

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
        try (VmLock outer = VmLock.acquire(dir); VmLock inner = VmLock.acquire(dir)) {
            assertTrue(true, "a second acquire in the same thread must not deadlock or throw");
        }
    }

    @Test
    void excludesOtherThreadsUntilTheLastRelease() throws Exception {
        VmDirectory dir = new VmDirectory(tmp.resolve("vm"));
        CountDownLatch acquired = new CountDownLatch(1);
        VmLock outer = VmLock.acquire(dir);
        VmLock inner = VmLock.acquire(dir);
        Thread other = Thread.ofPlatform().start(() -> {
            try (VmLock l = VmLock.acquire(dir)) {
                acquired.countDown();
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
        try (VmLock held = VmLock.acquire(dir)) {
            // flock(1) from util-linux, non-blocking: fails (exit 1) while we hold the lock
            Process p = new ProcessBuilder("flock", "-n", dir.lockFile().toString(), "true").start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertTrue(p.exitValue() != 0, "another process got the lock while it was held");
        }
        Process p = new ProcessBuilder("flock", "-n", dir.lockFile().toString(), "true").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertTrue(p.exitValue() == 0, "the lock was not released for other processes");
    }
}
