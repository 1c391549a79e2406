package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeLayoutTest {
    @Test
    void rootUsesRunAndUsersTheirXdgRuntimeDir() {
        assertEquals(Path.of("/run/kvmctl/web"), RuntimeLayout.forUser(true, Map.of("XDG_RUNTIME_DIR", "/x"), "root")
                .runtimeDir("web"));
        RuntimeLayout user = RuntimeLayout.forUser(false, Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), "ann");
        assertEquals(Path.of("/run/user/1000/kvmctl/web/qmp.sock"), user.qmpSocket("web"));
        assertEquals(Path.of("/run/user/1000/kvmctl/web/serial.sock"), user.serialSocket("web"));
        assertEquals(Path.of("/run/user/1000/kvmctl/web/serial.log"), user.serialLog("web"));
        assertEquals(Path.of("/run/user/1000/kvmctl/web/qemu.stderr"), user.stderrLog("web"));
        assertEquals(Path.of("/run/user/1000/kvmctl/web/qemu.pid"), user.pidFile("web"));
        assertEquals(Path.of("/run/user/1000/kvmctl/web/state.json"), user.stateFile("web"));
        assertEquals(Path.of("/tmp/kvmctl-ann"), RuntimeLayout.forUser(false, Map.of(), "ann").base());
    }

    @Test
    void socketPathsTooLongForAfUnixAreRefused() {
        Path deep = Path.of("/" + "d".repeat(100));
        assertThrows(IllegalArgumentException.class, () -> new LaunchContext(LaunchContext.DEFAULT_QEMU, deep,
                deep.resolve("qmp.sock"), deep.resolve("s.sock"), deep.resolve("s.log"), Map.of(), Optional.empty(),
                false));
    }
}
