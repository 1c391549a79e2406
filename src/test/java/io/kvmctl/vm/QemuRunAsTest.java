package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class QemuRunAsTest {
    private static final Predicate<String> HOST_USERS = Set.of("root", "kvmctl", "alice", "qemu-vm")::contains;

    private static QemuRunAs asRoot(Optional<String> cli, Optional<String> profile) throws VmStartException {
        return QemuRunAs.decide(true, "root", cli, profile, HOST_USERS);
    }

    @Test
    void rootRunsQemuAsTheKvmctlUserByDefault() throws Exception {
        assertEquals(new QemuRunAs.Switch("kvmctl"), asRoot(Optional.empty(), Optional.empty()));
    }

    @Test
    void theProfileNamesAnotherUserAndTheCommandLineWins() throws Exception {
        assertEquals(new QemuRunAs.Switch("qemu-vm"), asRoot(Optional.empty(), Optional.of("qemu-vm")));
        assertEquals(new QemuRunAs.Switch("alice"), asRoot(Optional.of("alice"), Optional.of("qemu-vm")));
    }

    @Test
    void runAsRootIsTheOptOut() throws Exception {
        QemuRunAs root = asRoot(Optional.empty(), Optional.of("root"));
        assertEquals(new QemuRunAs.Root(), root);
        assertEquals(Optional.empty(), root.switchTo());
    }

    @Test
    void aMissingDefaultUserSaysHowToCreateIt() {
        VmStartException e = assertThrows(
                VmStartException.class,
                () -> QemuRunAs.decide(true, "root", Optional.empty(), Optional.empty(), u -> u.equals("root")));
        assertTrue(e.getMessage().contains("scripts/install-deps"), e.getMessage());
        assertTrue(e.getMessage().contains("useradd --system"), e.getMessage());
        assertTrue(e.getMessage().contains("run_as: root"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aMissingNamedUserIsNamed() {
        VmStartException e = assertThrows(VmStartException.class, () -> asRoot(Optional.of("bob"), Optional.empty()));
        assertTrue(e.getMessage().startsWith("--run-as bob: this host has no user 'bob'"), e.getMessage());
    }

    @Test
    void withoutRootQemuRunsAsTheInvoker() throws Exception {
        for (Optional<String> asked : List.of(Optional.<String>empty(), Optional.of("alice"))) {
            assertEquals(
                    new QemuRunAs.Invoker("alice"),
                    QemuRunAs.decide(false, "alice", Optional.empty(), asked, HOST_USERS));
        }
    }

    @Test
    void withoutRootAnotherUserNeedsRoot() {
        for (String other : List.of("kvmctl", "root")) {
            VmStartException e = assertThrows(
                    VmStartException.class,
                    () -> QemuRunAs.decide(false, "alice", Optional.empty(), Optional.of(other), HOST_USERS));
            assertTrue(e.getMessage().startsWith("run_as: " + other + " needs kvmctl to run as root"), e.getMessage());
        }
    }

    @Test
    void statusCallsARootQemuWithoutSwitchTheOptOut() {
        assertEquals("root (run_as: root)", QemuUserLabel.label("root", List.of("qemu", "-name", "x")));
        assertEquals("kvmctl", QemuUserLabel.label("kvmctl", List.of("qemu", "-runas", "kvmctl")));
    }
}
