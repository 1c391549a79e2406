package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code kvmctl probe} and {@code demo} run in-process through picocli against this machine's /dev/kvm. */
class ProbeCommandIT {
    private record Run(int code, String out, String err) {
        JsonNode json() {
            return JsonMapper.builder().build().readTree(out);
        }
    }

    private static Run kvmctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = KvmctlCommand.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void needsKvm() {
        assumeTrue(Files.isReadable(Path.of("/dev/kvm")), "no /dev/kvm on this machine");
    }

    @Test
    void probeSaysKvmIsUsableAndTheGuestRan() {
        needsKvm();
        Run r = kvmctl("probe", "--json");
        JsonNode json = r.json();
        assertEquals(0, r.code(), r.out());
        assertEquals("usable", json.get("verdict").asString());
        JsonNode guest = null;
        for (JsonNode c : json.get("checks")) {
            if (c.get("id").asString().equals("guest-run")) {
                guest = c;
            }
        }
        assertEquals("pass", guest.get("status").asString(), guest.toString());
        assertTrue(json.get("figures").get("io_exit_round_trip_ns").asLong() > 0);
        assertTrue(json.get("figures").get("guest_exits").asLong() > 5000);
        assertTrue(json.get("capabilities").get("NR_MEMSLOTS").asInt() > 0);
    }

    @Test
    void humanTableEndsWithTheVerdictAndHasNoColoursWhenNotOnATerminal() {
        needsKvm();
        Run r = kvmctl("probe", "--exits", "100");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("PASS  guest-run"), r.out());
        assertTrue(r.out().strip().endsWith("verdict: usable: guest code ran under KVM on /dev/kvm"), r.out());
        assertTrue(!r.out().contains("\u001b["), "no escape codes in captured output");
    }

    @Test
    void noRunCreatesAVmButSkipsTheGuest() {
        needsKvm();
        Run r = kvmctl("probe", "--no-run", "--json");
        assertEquals(0, r.code(), r.out());
        assertEquals("usable-not-run", r.json().get("verdict").asString());
        assertTrue(r.json().get("figures").isEmpty());
    }

    @Test
    void devNullIsNotAKvmDeviceAndExitsOne() {
        Run r = kvmctl("probe", "--device", "/dev/null");
        assertEquals(1, r.code(), r.out());
        String verdict = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(verdict.contains("/dev/null is not a KVM device"), verdict);
        assertTrue(!r.out().contains("Exception") && r.err().isEmpty(), r.out() + r.err());
    }

    @Test
    void missingDeviceExitsOneWithTheReason(@org.junit.jupiter.api.io.TempDir Path dir) {
        String missing = dir.resolve("no-such-kvm").toString();
        Run r = kvmctl("probe", "--device", missing, "--json");
        assertEquals(1, r.code(), r.out());
        assertEquals(missing + " does not exist", r.json().get("reason").asString());
    }

    @Test
    void badRequireExpressionIsOneLineAndExitsTwo() {
        Run r = kvmctl("probe", "--require", "NR_VCPUS>=lots");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("not a whole number"), r.err());
    }

    @Test
    void unmetRequireExitsOne() {
        needsKvm();
        Run r = kvmctl("probe", "--no-run", "--json", "--require", "MAX_VCPUS>=1000000000");
        assertEquals(1, r.code(), r.out());
        assertEquals("requirements-unmet", r.json().get("verdict").asString());
    }

    @Test
    void demoExplainsTheResultInPlainWords() {
        needsKvm();
        Run r = kvmctl("demo", "--probe-only");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("What this means: this machine can run virtual machines"), r.out());
    }
}
