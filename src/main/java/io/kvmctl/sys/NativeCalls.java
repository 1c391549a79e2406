package io.kvmctl.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Creates downcall handles into libc and hands out the per-thread segment into which the linker captures
 * {@code errno}. Package-private: only the typed wrappers in this package call native code.
 */
@SuppressWarnings("restricted")
final class NativeCalls {
    private static final Linker LINKER = Linker.nativeLinker();

    static final StructLayout CAPTURE_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /**
     * One errno capture segment per thread, reused across calls so a hot loop (KVM_RUN, socket reads) does not
     * allocate. An automatic arena lets the segment go with its thread, which matters for virtual threads.
     */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_STATE));

    private NativeCalls() {}

    /** A handle for a libc function whose errno is captured: the capture segment is its first argument. */
    static MethodHandle withErrno(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol(name), descriptor, options);
    }

    /** A handle for a libc function that does not report through errno. */
    static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name).orElseThrow(() -> new LinkageError("libc has no symbol " + name));
    }

    /** This thread's errno capture segment; pass it as the first argument of a {@link #withErrno} handle. */
    static MemorySegment captureState() {
        return CAPTURE.get();
    }

    /** The errno the last captured call on this thread left. */
    static int lastErrno() {
        return (int) ERRNO.get(CAPTURE.get(), 0L);
    }

    /** Wraps the unchecked {@code invokeExact} failure of a downcall, which only a programming error causes. */
    static AssertionError linkFailure(String function, Throwable t) {
        return new AssertionError("downcall to " + function + " failed to link or invoke", t);
    }
}
