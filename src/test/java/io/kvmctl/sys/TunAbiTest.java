package io.kvmctl.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemoryLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles {@code src/native-bindings/tun_abi.c} and requires TunTap's numbers to equal the kernel header's. */
class TunAbiTest {
    @Test
    void tunTapNumbersMatchLinuxIfTunH(@TempDir Path dir) throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/gcc")),
                "gcc is not installed: cannot compile"
                        + " src/native-bindings/tun_abi.c (apt-get install gcc linux-libc-dev)");
        Path exe = dir.resolve("tun_abi");
        run(
                "gcc",
                "-Wall",
                "-Werror",
                "-o",
                exe.toString(),
                Path.of("src/native-bindings/tun_abi.c").toAbsolutePath().toString());
        List<String> expected = List.of(
                "ioctl TUNSETIFF 0x" + Long.toHexString(TunTap.TUNSETIFF),
                "const IFNAMSIZ " + TunTap.IFNAMSIZ,
                "const IFF_TAP " + TunTap.IFF_TAP,
                "const IFF_NO_PI " + TunTap.IFF_NO_PI,
                "const IFF_VNET_HDR " + TunTap.IFF_VNET_HDR,
                "const IFF_TUN_EXCL " + (TunTap.IFF_TUN_EXCL & 0xffff),
                "sizeof ifreq " + TunTap.IFREQ.byteSize(),
                "offsetof ifreq.ifr_flags "
                        + TunTap.IFREQ.byteOffset(MemoryLayout.PathElement.groupElement("ifr_flags")));
        assertEquals(expected, run(exe.toString()).lines().toList());
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
