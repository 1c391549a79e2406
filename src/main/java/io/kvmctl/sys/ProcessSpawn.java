package io.kvmctl.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts a child process that inherits chosen descriptors at chosen numbers, which {@link ProcessBuilder} cannot
 * do (it closes every descriptor above 2 in the child). QEMU needs this for {@code -chardev socket,fd=N} with one
 * end of a socketpair and for {@code -add-fd}. Uses {@code posix_spawnp} with dup2 file actions and
 * {@code posix_spawn_file_actions_addclosefrom_np} (glibc 2.34+), so nothing else leaks into the child.
 *
 * <p>The child is reaped with {@link #waitFor}; {@link ProcessHandle#of} works on it for signals and liveness.
 */
@SuppressWarnings("restricted")
public final class ProcessSpawn {
    /** glibc's posix_spawn_file_actions_t is 80 bytes on x86_64; room to spare. */
    private static final long FILE_ACTIONS_SIZE = 256;
    private static final int O_CREAT = 0x40;
    private static final int O_TRUNC = 0x200;
    private static final int O_APPEND = 0x400;
    /** Inherited descriptors are first parked this high so that moving one never overwrites another source. */
    private static final int PARKING = 1000;

    private static final MethodHandle SPAWNP = NativeCalls.plain("posix_spawnp",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle ACTIONS_INIT = NativeCalls.plain("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ACTIONS_DESTROY = NativeCalls.plain("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ADD_DUP2 = NativeCalls.plain("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle ADD_OPEN = NativeCalls.plain("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle ADD_CLOSE = NativeCalls.plain("posix_spawn_file_actions_addclose",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ADD_CLOSEFROM = NativeCalls.plain("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle WAITPID = NativeCalls.withErrno("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    private ProcessSpawn() {}

    /**
     * Starts {@code argv} (looked up on PATH) with stdin from /dev/null, stdout and stderr written to the given
     * files (/dev/null when null; truncated, then written in append mode so both may name the same file), and {@code inherit} mapping child descriptor numbers (3 and up) to our
     * descriptors. Returns the child's pid.
     */
    public static int spawn(List<String> argv, Map<Integer, Integer> inherit, String stdoutFile, String stderrFile)
            throws SysCallException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name a program");
        }
        TreeMap<Integer, Integer> fds = new TreeMap<>(inherit);
        if (!fds.isEmpty() && (fds.firstKey() < 3 || fds.lastKey() >= PARKING)) {
            throw new IllegalArgumentException("inherited descriptors go to numbers 3.." + (PARKING - 1));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            check((int) ACTIONS_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
            try {
                List<Integer> targets = new ArrayList<>(fds.keySet());
                for (int i = 0; i < targets.size(); i++) {
                    check((int) ADD_DUP2.invokeExact(actions, (int) fds.get(targets.get(i)), PARKING + i), "adddup2");
                }
                for (int i = 0; i < targets.size(); i++) {
                    check((int) ADD_DUP2.invokeExact(actions, PARKING + i, (int) targets.get(i)), "adddup2");
                }
                addOpen(arena, actions, 0, "/dev/null", Libc.O_RDONLY);
                addOpen(arena, actions, 1, stdoutFile == null ? "/dev/null" : stdoutFile, Libc.O_WRONLY | O_CREAT | O_TRUNC | O_APPEND);
                addOpen(arena, actions, 2, stderrFile == null ? "/dev/null" : stderrFile, Libc.O_WRONLY | O_CREAT | O_TRUNC | O_APPEND);
                int lowest = fds.isEmpty() ? 3 : fds.lastKey() + 1;
                for (int gap = 3; gap < lowest; gap++) { // closefrom covers only what lies above the last target
                    if (!fds.containsKey(gap)) {
                        check((int) ADD_CLOSE.invokeExact(actions, gap), "addclose");
                    }
                }
                check((int) ADD_CLOSEFROM.invokeExact(actions, lowest), "addclosefrom_np");
                MemorySegment pid = arena.allocate(JAVA_INT);
                int rc = (int) SPAWNP.invokeExact(pid, arena.allocateFrom(argv.get(0)), actions, MemorySegment.NULL,
                        strings(arena, argv), strings(arena, environment()));
                if (rc != 0) {
                    throw new SysCallException("posix_spawnp(" + argv.get(0) + ")", rc);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) ACTIONS_DESTROY.invokeExact(actions);
                assert ignored >= 0;
            }
        } catch (SysCallException | IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("posix_spawnp", t);
        }
    }

    /**
     * Reaps the child {@code pid} once it has exited (use {@link ProcessHandle#onExit()} to wait without
     * reaping), returning its exit status, or 128+signal when a signal ended it.
     */
    public static int reap(int pid) throws SysCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int rc = (int) WAITPID.invokeExact(NativeCalls.captureState(), pid, status, 0);
                if (rc >= 0) {
                    int s = status.get(JAVA_INT, 0);
                    return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
                }
                if (NativeCalls.lastErrno() != Errno.EINTR) {
                    throw new SysCallException("waitpid(" + pid + ")", NativeCalls.lastErrno());
                }
            }
        } catch (SysCallException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("waitpid", t);
        }
    }

    private static void addOpen(Arena arena, MemorySegment actions, int fd, String path, int flags) throws Throwable {
        check((int) ADD_OPEN.invokeExact(actions, fd, arena.allocateFrom(path), flags, 0600), "addopen(" + path + ")");
    }

    private static List<String> environment() {
        List<String> env = new ArrayList<>();
        System.getenv().forEach((k, v) -> env.add(k + "=" + v));
        return env;
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(int rc, String what) throws SysCallException {
        if (rc != 0) {
            throw new SysCallException(what, rc);
        }
    }
}
