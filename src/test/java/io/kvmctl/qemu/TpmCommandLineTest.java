package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The profile's {@code tpm: true}: QEMU's emulator backend on swtpm's control socket, and the machine's TPM device. */
class TpmCommandLineTest {
    private static final String BASE = "name: vm\nmemory: 256M\n";

    @Test
    void tpmIsOffByDefaultAndAddsNothing() {
        var p = Profiles.parse(BASE);
        assertFalse(p.tpm());
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX, Optional.empty());
        assertFalse(TpmArgs.in(argv), argv.toString());
        assertTrue(argv.stream().noneMatch(a -> a.contains("tpm")), argv.toString());
    }

    @Test
    void q35GetsTpmCrbOnSwtpmsSocketInTheRuntimeDirectory() {
        var p = Profiles.parse(BASE + "machine: q35\ntpm: true\n");
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX, Optional.empty());
        assertTrue(
                Collections.indexOfSubList(
                                argv,
                                List.of(
                                        "-chardev",
                                        "socket,id=kvmctl-tpm-chr,path=/run/kvmctl/vm/swtpm.sock",
                                        "-tpmdev",
                                        "emulator,id=kvmctl-tpm0,chardev=kvmctl-tpm-chr",
                                        "-device",
                                        "{\"driver\":\"tpm-crb\",\"tpmdev\":\"kvmctl-tpm0\",\"id\":\"kvmctl-tpm\"}"))
                        >= 0,
                argv.toString());
        assertTrue(TpmArgs.in(argv));
    }

    @Test
    void pcGetsTpmTis() {
        var p = Profiles.parse(BASE + "machine: pc\ntpm: true\n");
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX, Optional.empty());
        assertTrue(
                argv.contains("{\"driver\":\"tpm-tis\",\"tpmdev\":\"kvmctl-tpm0\",\"id\":\"kvmctl-tpm\"}"),
                argv.toString());
    }

    @Test
    void versionedMachineTypesPickTheSameDevices() {
        assertTrue(TpmArgs.deviceModel("pc-q35-7.2").equals("tpm-crb"));
        assertTrue(TpmArgs.deviceModel("pc-i440fx-10.0").equals("tpm-tis"));
    }

    @Test
    void socketPathWithACommaIsEscaped() {
        var p = Profiles.parse(BASE + "machine: q35\ntpm: true\n");
        List<String> argv = QemuCommandLine.build(p, Profiles.contextIn(p, "/run/a,b"), Optional.empty());
        assertTrue(argv.contains("socket,id=kvmctl-tpm-chr,path=/run/a,,b/swtpm.sock"), argv.toString());
    }

    @Test
    void microvmWithATpmIsRefusedInOneLineSayingWhatToDo() {
        String message =
                Profiles.problems(BASE + "machine: microvm\ntpm: true\n").getMessage();
        assertTrue(
                message.contains("tpm: a TPM needs machine q35 (tpm-crb) or pc (tpm-tis), and this profile has"
                        + " machine microvm"),
                message);
        assertTrue(message.contains("use 'machine: q35' or remove 'tpm: true'"), message);
    }
}
