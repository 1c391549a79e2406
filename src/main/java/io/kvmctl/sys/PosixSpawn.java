package io.kvmctl.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

/**
 * {@code posix_spawn} and its attribute and file-action calls, apart from {@link Processes} so that their dozen
 * downcall handles are only linked by a command that starts a process: linking one costs milliseconds, and a
 * short command such as {@code kvmctl list} only needs to signal.
 */
@SuppressWarnings("restricted")
final class PosixSpawn {
    /** glibc's {@code POSIX_SPAWN_SETSID} (2.26+): the child calls setsid(), leaving our terminal's signals. */
    private static final short POSIX_SPAWN_SETSID = 0x80;

    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** Larger than glibc's posix_spawnattr_t (336 bytes) and posix_spawn_file_actions_t (80): init fills them. */
    private static final long OPAQUE_SIZE = 1024;

    private static final long SIGSET_SIZE = 128;
    private static final int O_CREAT = 0x40;
    private static final int O_APPEND = 0x400;

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

    private PosixSpawn() {}

    /** Starts a child process and returns its pid. The caller reaps it with {@link Processes#waitFor}. */
    static int spawn(Processes.SpawnRequest request) throws SysCallException {
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
