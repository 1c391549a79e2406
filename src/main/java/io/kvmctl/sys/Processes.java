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
 * at chosen numbers and start in its own session, which {@link ProcessBuilder} cannot do), {@code waitpid} and
 * {@code kill}.
 */
@SuppressWarnings("restricted")
public final class Processes {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;

    /** glibc's {@code POSIX_SPAWN_SETSID} (2.26+): the child calls setsid(), leaving our terminal's signals. */
    private static final short POSIX_SPAWN_SETSID = 0x80;

    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** Larger than glibc's posix_spawnattr_t (336 bytes) and posix_spawn_file_actions_t (80): init fills them. */
    private static final long OPAQUE_SIZE = 1024;

    private static final long SIGSET_SIZE = 128;

    private static final MethodHandle FILE_ACTIONS_INIT =
            NativeCalls.plain("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_DESTROY =
            NativeCalls.plain("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_ADDDUP2 = NativeCalls.plain(
            "posix_spawn_file_actions_adddup2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    /** glibc ignores a close of a descriptor that is not open (EBADF) in the child. */
    private static final MethodHandle FILE_ACTIONS_ADDCLOSE =
            NativeCalls.plain("posix_spawn_file_actions_addclose", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private static final MethodHandle FILE_ACTIONS_ADDOPEN = NativeCalls.plain(
            "posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    /** glibc 2.34+: close every descriptor from a number on, in the child, so it inherits only what we chose. */
    private static final MethodHandle FILE_ACTIONS_ADDCLOSEFROM = NativeCalls.plain(
            "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** {@code int fcntl(int fd, int cmd, ...)}: F_DUPFD_CLOEXEC takes an int. */
    private static final MethodHandle FCNTL_INT = NativeCalls.withErrno(
            "fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));

    private static final int F_DUPFD_CLOEXEC = 1030;
    /** Temporary copies of inherited descriptors go at or above this, clear of the child's target numbers. */
    private static final int HIGH_FD_FLOOR = 256;

    private static final MethodHandle ATTR_INIT =
            NativeCalls.plain("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY =
            NativeCalls.plain("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_SETFLAGS =
            NativeCalls.plain("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK =
            NativeCalls.plain("posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETSIGDEFAULT =
            NativeCalls.plain("posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGFILLSET =
            NativeCalls.plain("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGEMPTYSET =
            NativeCalls.plain("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** posix_spawn reports failure through its return value, not errno. */
    private static final MethodHandle POSIX_SPAWN = NativeCalls.plain(
            "posix_spawn", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));

    private static final MethodHandle WAITPID =
            NativeCalls.withErrno("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle KILL =
            NativeCalls.withErrno("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    /** {@code long syscall(long number, ...)}: pidfd_open has no wrapper in older glibc. */
    private static final MethodHandle SYSCALL_2 = NativeCalls.withErrno(
            "syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(1));

    private static final MethodHandle POLL =
            NativeCalls.withErrno("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final long SYS_PIDFD_OPEN = 434;
    private static final short POLLIN = 0x1;
    private static final MethodHandle GETUID = NativeCalls.plain("getuid", FunctionDescriptor.of(JAVA_INT));

    private static final int O_CREAT = 0x40;
    private static final int O_APPEND = 0x400;
    private static final int WNOHANG = 1;

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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(OPAQUE_SIZE, 16);
            MemorySegment attr = arena.allocate(OPAQUE_SIZE, 16);
            check((int) FILE_ACTIONS_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
            check((int) ATTR_INIT.invokeExact(attr), "posix_spawnattr_init");
            java.util.List<Integer> highCopies = new java.util.ArrayList<>();
            try {
                MemorySegment devNull = arena.allocateFrom("/dev/null");
                check(
                        (int) FILE_ACTIONS_ADDOPEN.invokeExact(actions, 0, devNull, Libc.O_RDONLY, 0),
                        "posix_spawn_file_actions_addopen(/dev/null)");
                MemorySegment out = arena.allocateFrom(request.outputFile());
                check(
                        (int) FILE_ACTIONS_ADDOPEN.invokeExact(
                                actions, 1, out, Libc.O_WRONLY | O_CREAT | O_APPEND, 0600),
                        "posix_spawn_file_actions_addopen(" + request.outputFile() + ")");
                check((int) FILE_ACTIONS_ADDDUP2.invokeExact(actions, 1, 2), "posix_spawn_file_actions_adddup2");
                // The JVM holds descriptors without FD_CLOEXEC (its jars, for one): the child must get only the
                // ones asked for. Each source is first copied above every target number, so one dup2 cannot
                // overwrite another's source; then dup2 puts it in place and closefrom drops everything else.
                int firstUnused = 3;
                for (Map.Entry<Integer, Integer> fd : request.inheritedFds().entrySet()) {
                    int high = dupAbove(fd.getValue(), HIGH_FD_FLOOR);
                    highCopies.add(high);
                    check(
                            (int) FILE_ACTIONS_ADDDUP2.invokeExact(actions, high, (int) fd.getKey()),
                            "posix_spawn_file_actions_adddup2");
                    firstUnused = Math.max(firstUnused, fd.getKey() + 1);
                }
                for (int hole = 3; hole < firstUnused; hole++) {
                    if (!request.inheritedFds().containsKey(hole)) { // e.g. a JVM jar between two targets
                        check(
                                (int) FILE_ACTIONS_ADDCLOSE.invokeExact(actions, hole),
                                "posix_spawn_file_actions_addclose");
                    }
                }
                check(
                        (int) FILE_ACTIONS_ADDCLOSEFROM.invokeExact(actions, firstUnused),
                        "posix_spawn_file_actions_addclosefrom_np");
                // The JVM blocks and handles some signals; the child must start with defaults and nothing masked.
                MemorySegment all = arena.allocate(SIGSET_SIZE, 8);
                MemorySegment none = arena.allocate(SIGSET_SIZE, 8);
                check((int) SIGFILLSET.invokeExact(all), "sigfillset");
                check((int) SIGEMPTYSET.invokeExact(none), "sigemptyset");
                check((int) ATTR_SETSIGDEFAULT.invokeExact(attr, all), "posix_spawnattr_setsigdefault");
                check((int) ATTR_SETSIGMASK.invokeExact(attr, none), "posix_spawnattr_setsigmask");
                short flags = (short) (POSIX_SPAWN_SETSIGDEF
                        | POSIX_SPAWN_SETSIGMASK
                        | (request.newSession() ? POSIX_SPAWN_SETSID : 0));
                check((int) ATTR_SETFLAGS.invokeExact(attr, flags), "posix_spawnattr_setflags");

                MemorySegment argv = stringArray(arena, request.argv());
                MemorySegment envp = stringArray(
                        arena,
                        request.environment().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .toList());
                MemorySegment pid = arena.allocate(JAVA_INT);
                String program = request.argv().getFirst();
                int rc = (int) POSIX_SPAWN.invokeExact(pid, arena.allocateFrom(program), actions, attr, argv, envp);
                if (rc != 0) {
                    throw new SysCallException(
                            "posix_spawn(" + program + ")",
                            rc,
                            rc == Errno.ENOENT ? "no such program: check the path" : null);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                // Both only free memory and return 0; invokeExact needs the int result to be taken.
                int unused = (int) FILE_ACTIONS_DESTROY.invokeExact(actions);
                unused |= (int) ATTR_DESTROY.invokeExact(attr);
                for (int high : highCopies) {
                    Libc.close(high);
                }
            }
        } catch (SysCallException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("posix_spawn", t);
        }
    }

    /** A close-on-exec copy of {@code fd} at the lowest free number at or above {@code floor}. */
    private static int dupAbove(int fd, int floor) throws SysCallException {
        int copy;
        try {
            copy = (int) FCNTL_INT.invokeExact(NativeCalls.captureState(), fd, F_DUPFD_CLOEXEC, floor);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("fcntl", t);
        }
        if (copy < 0) {
            throw new SysCallException("fcntl(" + fd + ", F_DUPFD_CLOEXEC)", NativeCalls.lastErrno());
        }
        return copy;
    }

    /**
     * Waits for a child of ours and returns its raw wait status; blocks unless {@code noHang}, in which case it
     * returns -1 while the child is still running.
     */
    public static int waitFor(int pid, boolean noHang) throws SysCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int rc = (int) WAITPID.invokeExact(NativeCalls.captureState(), pid, status, noHang ? WNOHANG : 0);
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
            pidfd = (int) (long) SYSCALL_2.invokeExact(NativeCalls.captureState(), SYS_PIDFD_OPEN, pid, 0);
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
                int rc = (int) POLL.invokeExact(NativeCalls.captureState(), pollfd, 1L, wait);
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
            rc = (int) KILL.invokeExact(NativeCalls.captureState(), target, signal);
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

    /** The real user id of this process. */
    public static int uid() {
        try {
            return (int) GETUID.invokeExact();
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("getuid", t);
        }
    }

    /** Decodes a wait status the way a shell reports it: the exit code, or 128 + signal number. */
    public static int shellStatus(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(int rc, String what) throws SysCallException {
        if (rc != 0) {
            throw new SysCallException(what, rc);
        }
    }
}
