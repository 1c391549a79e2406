package io.kvmctl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.vm.VmHomes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VmStoreTest {
    @Test
    void rootKeepsDefinitionsInEtcAndUsersInTheirConfigFolder() {
        assertEquals(
                Path.of("/etc/kvmctl/vms"), VmStore.fromEnvironment(Map.of(), 0).path());
        assertEquals(
                Path.of("/home/u/.config/kvmctl/vms"),
                VmStore.fromEnvironment(Map.of("HOME", "/home/u"), 1000).path());
        assertEquals(
                Path.of("/x/kvmctl/vms"),
                VmStore.fromEnvironment(Map.of("HOME", "/home/u", "XDG_CONFIG_HOME", "/x"), 1000)
                        .path());
        assertEquals(
                Path.of("/home/u/.config/kvmctl/vms"),
                VmStore.fromEnvironment(Map.of("HOME", "/home/u", "XDG_CONFIG_HOME", "rel"), 1000)
                        .path(),
                "the XDG spec ignores a relative folder");
    }

    @Test
    void theStoreOverrideIsOneRootForDefinitionsAndData() {
        Map<String, String> env = Map.of(VmStore.ENV, "/srv/kvm");
        assertEquals(Path.of("/srv/kvm"), VmStore.fromEnvironment(env, 0).path());
        assertEquals(Path.of("/srv/kvm/web"), new VmHomes(Path.of("/srv/kvm")).of("web"));
        assertEquals(Path.of("/srv/kvm/web/profile.yaml"), new VmStore(Path.of("/srv/kvm")).profile("web"));
    }

    @Test
    void closeNamesAreTyposAndPrefixesClosestFirst() {
        List<String> known = List.of("web", "web-2", "db", "mail");
        assertEquals(List.of("web"), CloseNames.to("wbe", known));
        assertEquals(List.of("web", "web-2"), CloseNames.to("web2", known));
        assertEquals(List.of("db"), CloseNames.to("d", known));
        assertEquals(List.of(), CloseNames.to("postgres", known));
    }
}
