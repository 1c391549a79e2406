package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpWaitAgentTest {
    @TempDir
    Path dir;

    @Test
    void waitAgentWithoutAgentInTheProfileIsRefusedBeforeQemuStarts() throws Exception {
        Files.write(dir.resolve("a.img"), new byte[512]);
        Path profile = Files.writeString(dir.resolve("plain.yaml"), """
                name: plain
                accel: tcg
                memory: 64M
                disks:
                  - {file: a.img, format: raw}
                """);
        CliRun run = CliRun.of("up", "--wait", "agent", profile.toString());
        assertEquals(2, run.code(), run.all());
        assertEquals(
                "kvmctl up: --wait agent: VM plain has no guest agent channel; add 'agent: true' to its profile (and"
                        + " qemu-guest-agent to the guest), or wait for ssh, serial:REGEX or port:N instead\n",
                run.err(),
                run.all());
        assertTrue(run.out().isEmpty(), "no 'VM plain is up' line: " + run.all());
    }
}
