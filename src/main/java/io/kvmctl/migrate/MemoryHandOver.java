package io.kvmctl.migrate;

import io.kvmctl.qemu.GuestMemoryArgs;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.vm.SharedGuestMemory;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a local migration moves the guest's RAM: the destination maps the source's shared memory and QEMU sends
 * device state only ({@code x-ignore-shared}), or, when the source has private memory or its QEMU cannot leave
 * shared memory out, every page is copied as before. Chosen from what the source was started with (its argv) and
 * what its QEMU reports ({@code query-migrate-capabilities}), not from version numbers.
 *
 * <p>Holds kvmctl's descriptor of the shared memory until the destination QEMU has its own ({@link #close()}).
 */
final class MemoryHandOver implements AutoCloseable {
    private final Optional<SharedGuestMemory> memory;
    private final String note;

    private MemoryHandOver(Optional<SharedGuestMemory> memory, String note) {
        this.memory = memory;
        this.note = note;
    }

    static MemoryHandOver choose(Vm source, QmpClient sourceQmp) throws IOException {
        OptionalInt fd = GuestMemoryArgs.sharedMemoryFd(source.record().argv());
        if (fd.isEmpty()) {
            return copying("VM " + source.name() + " has private memory (memory_backend: private), so its RAM is "
                    + "copied; with memory_backend: shared a local migration copies none");
        }
        if (!EndpointSetup.leavesSharedMemoryOut(sourceQmp)) {
            return copying("the source QEMU has no '" + MigrationSetup.IGNORE_SHARED + "' migration capability, "
                    + "so the guest's RAM is copied");
        }
        try {
            SharedGuestMemory shared =
                    SharedGuestMemory.ofRunningQemu(source.record().qemuPid(), fd.getAsInt());
            return new MemoryHandOver(
                    Optional.of(shared), "the destination maps the source's guest memory: only device state is sent");
        } catch (IOException e) {
            return copying("the guest's memory cannot be handed over (" + e.getMessage() + "), so it is copied");
        }
    }

    private static MemoryHandOver copying(String why) {
        return new MemoryHandOver(Optional.empty(), why);
    }

    boolean shared() {
        return memory.isPresent();
    }

    /** One line for the user: what happens to the RAM and why. */
    String note() {
        return note;
    }

    /** The destination's start: on the source's memory when shared (else on fresh memory of its own). */
    StartOptions applyTo(StartOptions start) {
        return memory.map(start::withSharedMemory).orElse(start);
    }

    @Override
    public void close() {
        memory.ifPresent(SharedGuestMemory::close);
    }
}
