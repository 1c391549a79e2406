package io.kvmctl.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

/**
 * Process creation and control through libc: {@code posix_spawn} (so a child can inherit chosen file descriptors
 * at chosen numbers and start in its own session, which {@link ProcessBuilder} cannot do; see {@link PosixSpawn}),
 * {@code waitpid} and {@code kill}.
 */
@SuppressWarnings("restricted")
public final class Processes {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;

    private static final long SYS_PIDFD_OPEN = 434;
    private static final short POLLIN = 0x1;
    private static final int WNOHANG = 1;

    // Each handle sits in its own holder class, linked the first time it is called: linking costs milliseconds
    // apiece, and a short command (`kvmctl list` signals, never waits for a child) pays only for what it calls.
    private static final class Waitpid {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Kill {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** {@code long syscall(long number, ...)}: pidfd_open has no wrapper in older glibc. */
    private static final class PidfdOpen {
        static final MethodHandle HANDLE = NativeCalls.withErrno(
                "syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(1));
    }

    private static final class Poll {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    private Processes() {}

    /**
     * How a child is started.
     *
     * @param argv program and arguments; the program is looked up as given (an absolute path is safest)
     * @param environment the complete environment of the child
     * @param inheritedFds child fd number -> our fd number, dup'ed into the child (CLOEXEC does not matter)
     * @param outputFile stdout and stderr are appended there; stdin is /dev/null
     * @param newSession start the child in its own session, away from our terminal's job control signals
     */
    public record SpawnRequest(
            List<String> argv,
            Map<String, String> environment,
            Map<Integer, Integer> inheritedFds,
            String outputFile,
            boolean newSession) {}

    /** Starts a child process and returns its pid. The caller reaps it with {@link #waitFor}. */
    public static int spawn(SpawnRequest request) throws SysCallException {
        return PosixSpawn.spawn(request);
    }

    /**
     * Waits for a child of ours and returns its raw wait status; blocks unless {@code noHang}, in which case it
     * returns -1 while the child is still running.
     */
    public static int waitFor(int pid, boolean noHang) throws SysCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int rc =
                        (int) Waitpid.HANDLE.invokeExact(NativeCalls.captureState(), pid, status, noHang ? WNOHANG : 0);
                if (rc == pid) {
                    return status.get(JAVA_INT, 0);
                }
                if (rc == 0) {
                    return -1;
                }
                int errno = NativeCalls.lastErrno();
                if (errno != Errno.EINTR) {
                    throw new SysCallException("waitpid(" + pid + ")", errno);
                }
            }
        } catch (SysCallException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("waitpid", t);
        }
    }

    /** Sends {@code signal}; returns false when the process does not exist (ESRCH). */
    public static boolean kill(int pid, int signal) throws SysCallException {
        if (pid <= 0) {
            throw new IllegalArgumentException("refusing to signal pid " + pid + " (a group or every process)");
        }
        return signal(pid, signal);
    }

    /**
     * Waits until process {@code pid} (any process, not only our children) has exited, or the timeout passes.
     * Uses a pidfd, which becomes readable at exit: no polling loop, no pid-reuse race once opened.
     *
     * @return true when the process is gone, false when it still runs after the timeout
     */
    public static boolean awaitExit(int pid, long timeoutMillis) throws SysCallException {
        int pidfd;
        try {
            pidfd = (int) (long) PidfdOpen.HANDLE.invokeExact(NativeCalls.captureState(), SYS_PIDFD_OPEN, pid, 0);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("pidfd_open", t);
        }
        if (pidfd < 0) {
            int errno = NativeCalls.lastErrno();
            if (errno == Errno.ESRCH) {
                return true;
            }
            throw new SysCallException("pidfd_open(" + pid + ")", errno, "Linux 5.3 or newer is needed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(8, 4); // struct pollfd { int fd; short events; short revents; }
            pollfd.set(JAVA_INT, 0, pidfd);
            pollfd.set(JAVA_SHORT, 4, POLLIN);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                int wait = (int) Math.max(0, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime()) / 1_000_000L));
                int rc = (int) Poll.HANDLE.invokeExact(NativeCalls.captureState(), pollfd, 1L, wait);
                if (rc > 0) {
                    return true;
                }
                if (rc == 0) {
                    return false;
                }
                if (NativeCalls.lastErrno() != Errno.EINTR) {
                    throw new SysCallException("poll(pidfd)", NativeCalls.lastErrno());
                }
            }
        } catch (SysCallException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("poll", t);
        } finally {
            Libc.close(pidfd);
        }
    }

    /**
     * Sends {@code signal} to the process group led by {@code leaderPid} (a child started with a new session
     * leads its own group): the supervisor and QEMU alike. Returns false when the group is gone.
     */
    public static boolean killGroup(int leaderPid, int signal) throws SysCallException {
        if (leaderPid <= 1) {
            throw new IllegalArgumentException("refusing to signal process group " + leaderPid);
        }
        return signal(-leaderPid, signal);
    }

    /** kill(2) on a pid (positive) or a process group (negative); false on ESRCH. */
    private static boolean signal(int target, int signal) throws SysCallException {
        int rc;
        try {
            rc = (int) Kill.HANDLE.invokeExact(NativeCalls.captureState(), target, signal);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("kill", t);
        }
        if (rc == 0) {
            return true;
        }
        int errno = NativeCalls.lastErrno();
        if (errno == Errno.ESRCH) {
            return false;
        }
        throw new SysCallException("kill(" + target + ", " + signal + ")", errno);
    }

    /** Whether process {@code pid} exists (a zombie counts until reaped). */
    public static boolean alive(int pid) throws SysCallException {
        return kill(pid, 0);
    }

    /**
     * The real user id of this process, from {@code /proc/self/status}: every command asks (to find its runtime
     * root), and reading it costs microseconds where linking {@code getuid} costs milliseconds of start-up.
     */
    public static int uid() {
        return RealUid.VALUE;
    }

    /** Decodes a wait status the way a shell reports it: the exit code, or 128 + signal number. */
    public static int shellStatus(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }
}
