package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.sys.Processes;
import org.junit.jupiter.api.Test;

class ExitStatusTest {
    @Test
    void describesExitCodesAndSignals() {
        assertEquals("exited with status 0", new ExitStatus(0).describe());
        assertEquals("exited with status 1", new ExitStatus(1).describe());
        assertEquals("was killed by SIGKILL (signal 9)", new ExitStatus(137).describe());
        assertEquals("was killed by SIGTERM (signal 15)", new ExitStatus(143).describe());
    }

    @Test
    void sigsysNamesTheSandboxAndHowToTurnItOff() {
        // QEMU 7.2 dies of SIGSYS without a word when its filter meets a fork (exec: migration) or a setgid.
        String text = new ExitStatus(128 + 31).describe();
        assertTrue(
                text.startsWith("was killed by SIGSYS (signal 31): a system call its seccomp sandbox forbids"), text);
        assertTrue(text.contains("`sandbox: false`"), text);
    }

    @Test
    void parsesTheSupervisorsFile() {
        assertEquals(new ExitStatus(137), ExitStatus.parse("137\n"));
        assertNull(ExitStatus.parse("garbage"));
    }

    @Test
    void decodesRawWaitStatusLikeAShell() {
        assertEquals(3, Processes.shellStatus(3 << 8));
        assertEquals(137, Processes.shellStatus(9));
    }
}
