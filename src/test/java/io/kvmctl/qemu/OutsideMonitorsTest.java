package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The profile's {@code qmp_sockets}: monitors for outside tools, validated and put into QEMU's argv. */
class OutsideMonitorsTest {
    private static final String BASE = "name: vm\nmemory: 256M\n";

    @Test
    void eachNamedSocketIsOneMoreControlMonitorAtConsecutiveInheritedDescriptors() {
        var p = Profiles.parse(BASE + "qmp_sockets: [tools, prometheus]\n");
        assertEquals(List.of("tools", "prometheus"), p.qmpSockets());
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX, Optional.of(new InheritedSockets(3, 4, 5, 6, 7)));
        assertTrue(
                Collections.indexOfSubList(
                                argv,
                                List.of(
                                        "-chardev",
                                        "socket,id=kvmctl-qmp-tools,fd=7,server=on,wait=off",
                                        "-mon",
                                        "chardev=kvmctl-qmp-tools,mode=control",
                                        "-chardev",
                                        "socket,id=kvmctl-qmp-prometheus,fd=8,server=on,wait=off",
                                        "-mon",
                                        "chardev=kvmctl-qmp-prometheus,mode=control"))
                        >= 0,
                argv.toString());
    }

    @Test
    void withoutInheritedSocketsTheyAreBesideTheStartersSocket() {
        var p = Profiles.parse(BASE + "qmp_sockets: [tools]\n");
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX);
        String dir = Profiles.CTX.qmpSocket().getParent().toString();
        assertTrue(
                argv.contains("socket,id=kvmctl-qmp-tools,path=" + dir + "/qmp-tools.sock,server=on,wait=off"),
                argv.toString());
    }

    @Test
    void aProfileWithoutThemHasOnlyKvmctlsMonitors() {
        List<String> argv = QemuCommandLine.build(
                Profiles.parse(BASE), Profiles.CTX, Optional.of(new InheritedSockets(3, 4, 5, 6, 7)));
        assertEquals(3, Collections.frequency(argv, "-mon"));
    }

    @Test
    void namesThatWouldNotMakeAPlainFileNameAreRefusedWithTheRule() {
        String message = Profiles.problems(BASE + "qmp_sockets: [../evil]\n").getMessage();
        assertTrue(message.contains("qmp_sockets[0]") && message.contains("lower-case letters"), message);
        message = Profiles.problems(BASE + "qmp_sockets: [Tools]\n").getMessage();
        assertTrue(message.contains("'Tools' is not a socket name"), message);
    }

    @Test
    void aNameListedTwiceIsRefused() {
        String message = Profiles.problems(BASE + "qmp_sockets: [a, a]\n").getMessage();
        assertTrue(message.contains("listed twice"), message);
    }

    @Test
    void moreThanEightAreRefused() {
        String message = Profiles.problems(BASE + "qmp_sockets: [a, b, c, d, e, f, g, h, i]\n")
                .getMessage();
        assertTrue(message.contains("more than 8"), message);
    }
}
