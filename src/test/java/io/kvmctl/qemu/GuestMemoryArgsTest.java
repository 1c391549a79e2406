package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.MemoryBackend;
import io.kvmctl.profile.Profile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GuestMemoryArgsTest {
    static final InheritedSockets SOCKETS = new InheritedSockets(3, 4, 5, 6, 7);

    private static List<String> values(List<String> argv, String option) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option)) {
                out.add(argv.get(i + 1));
            }
        }
        return out;
    }

    @Test
    void privateMemoryIsQemusOwn() {
        Profile p = Profiles.parse("memory: 1G\n");
        assertEquals(MemoryBackend.PRIVATE, p.memoryBackend());
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX, Optional.of(SOCKETS));
        assertEquals(List.of(), values(argv, "-object"));
        assertEquals(OptionalInt.empty(), GuestMemoryArgs.sharedMemoryFd(argv));
    }

    @Test
    void sharedMemoryIsTheInheritedMemfdAfterTheNicDescriptors() {
        Profile p = Profiles.parse("memory: 1G\nmemory_backend: shared\nnics:\n  - {id: lan, tap: {ifname: tap7}}\n");
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX.withNicFds(Map.of("lan", 7)), Optional.of(SOCKETS));
        assertEquals(
                List.of("memory-backend-file,id=kvmctl-ram,size=1024M,mem-path=/proc/self/fd/8,share=on"),
                values(argv, "-object"));
        assertTrue(values(argv, "-machine").getFirst().endsWith(",memory-backend=kvmctl-ram"), argv.toString());
        assertEquals(List.of("1024M"), values(argv, "-m"));
        assertEquals(OptionalInt.of(8), GuestMemoryArgs.sharedMemoryFd(argv));
        assertEquals(8, GuestMemoryArgs.childFd(p, SOCKETS, 1));
    }

    @Test
    void sharedMemoryNeedsTheLauncher() {
        Profile p = Profiles.parse("memory_backend: shared\n");
        assertThrows(IllegalArgumentException.class, () -> QemuCommandLine.build(p, Profiles.CTX));
    }
}
