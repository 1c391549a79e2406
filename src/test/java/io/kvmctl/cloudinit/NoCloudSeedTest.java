package io.kvmctl.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class NoCloudSeedTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0 alice@laptop";

    @Test
    void withNothingGivenTheSeedNamesTheInstanceAndHostAfterTheVm() throws Exception {
        Map<String, byte[]> files = NoCloudSeed.files(input("web_1.prod", null, null, null, null));
        JsonNode meta = yaml(files.get("meta-data"));
        assertEquals("kvmctl-web_1.prod", meta.get("instance-id").asString());
        assertEquals("web-1-prod", meta.get("local-hostname").asString());
        assertEquals("#cloud-config\n", text(files.get("user-data")));
        assertFalse(files.containsKey("network-config"));
    }

    @Test
    void theUsersOwnMetaDataWinsAndMissingKeysAreAdded() throws Exception {
        String meta = "# mine\nlocal-hostname: db01";
        JsonNode tree =
                yaml(NoCloudSeed.files(input("web", null, meta, null, null)).get("meta-data"));
        assertEquals("db01", tree.get("local-hostname").asString());
        assertEquals("kvmctl-web", tree.get("instance-id").asString());
        assertTrue(text(NoCloudSeed.files(input("web", null, meta, null, null)).get("meta-data"))
                .startsWith("# mine\n"));
    }

    @Test
    void theUserShortcutIsAppendedToACloudConfigKeepingItsText() throws Exception {
        String userData = "#cloud-config\n# my packages\npackages: [htop]\n";
        var user = new NoCloudSeed.User("alice", Optional.of("$6$salt$hash"), List.of(KEY));
        String written =
                text(NoCloudSeed.files(input("web", userData, null, null, user)).get("user-data"));
        assertTrue(written.startsWith(userData), written);
        JsonNode tree = yaml(written.getBytes(StandardCharsets.UTF_8));
        assertEquals("htop", tree.get("packages").get(0).asString());
        JsonNode alice = tree.get("users").get(0);
        assertEquals("alice", alice.get("name").asString());
        assertEquals("$6$salt$hash", alice.get("passwd").asString());
        assertFalse(alice.get("lock_passwd").asBoolean());
        assertEquals(KEY, alice.get("ssh_authorized_keys").get(0).asString());
    }

    @Test
    void aUsersListOfItsOwnGetsKvmctlsUserAdded() throws Exception {
        String userData = "#cloud-config\nusers:\n  - default\n  - name: bob\n";
        var user = new NoCloudSeed.User("alice", Optional.empty(), List.of(KEY));
        String written =
                text(NoCloudSeed.files(input("web", userData, null, null, user)).get("user-data"));
        assertTrue(written.startsWith("#cloud-config\n"), written);
        JsonNode users = yaml(written.getBytes(StandardCharsets.UTF_8)).get("users");
        assertEquals(3, users.size());
        assertEquals("default", users.get(0).asString());
        assertEquals("bob", users.get(1).get("name").asString());
        assertEquals("alice", users.get(2).get("name").asString());
        assertTrue(users.get(2).get("lock_passwd").asBoolean(), "no password: only the key logs in");
    }

    @Test
    void userDataThatIsNotYamlIsNamedWithItsLine() {
        String broken = "#cloud-config\npackages:\n  - htop\n runcmd: [\n";
        var e = assertThrows(SeedException.class, () -> NoCloudSeed.files(input("web", broken, null, null, null)));
        assertTrue(e.getMessage().startsWith("cloud_init.user_data: not valid YAML at line 4"), e.getMessage());
    }

    @Test
    void userDataWithoutTheCloudConfigHeaderIsRefusedWithTheFix() {
        var e = assertThrows(
                SeedException.class, () -> NoCloudSeed.files(input("web", "packages: [htop]\n", null, null, null)));
        assertTrue(e.getMessage().contains("add '#cloud-config' as the first line"), e.getMessage());
    }

    @Test
    void aScriptIsPassedThroughButCannotTakeTheUserShortcut() throws Exception {
        String script = "#!/bin/sh\necho hi > /tmp/hi\n";
        assertEquals(
                script,
                text(NoCloudSeed.files(input("web", script, null, null, null)).get("user-data")));
        var user = new NoCloudSeed.User("alice", Optional.empty(), List.of(KEY));
        var e = assertThrows(SeedException.class, () -> NoCloudSeed.files(input("web", script, null, null, user)));
        assertTrue(e.getMessage().contains("write a '#cloud-config' user-data instead"), e.getMessage());
    }

    @Test
    void networkConfigMustBeAMapping() throws Exception {
        String network = "network:\n  version: 2\n  ethernets:\n    eth0: {dhcp4: true}\n";
        assertEquals(
                network,
                text(NoCloudSeed.files(input("web", null, null, network, null)).get("network-config")));
        assertThrows(SeedException.class, () -> NoCloudSeed.files(input("web", null, null, "- a\n", null)));
    }

    @Test
    void theUserDoesNotShowItsPasswordHashWhenPrinted() {
        var user = new NoCloudSeed.User("alice", Optional.of("$6$salt$hash"), List.of(KEY));
        assertFalse(user.toString().contains("$6$"), user.toString());
    }

    private static NoCloudSeed.Input input(
            String vm, String userData, String metaData, String network, NoCloudSeed.User user) {
        return new NoCloudSeed.Input(
                vm,
                Optional.ofNullable(userData).map(t -> new NoCloudSeed.Document(t, "cloud_init.user_data")),
                Optional.ofNullable(metaData).map(t -> new NoCloudSeed.Document(t, "cloud_init.meta_data")),
                Optional.ofNullable(network).map(t -> new NoCloudSeed.Document(t, "cloud_init.network_config")),
                Optional.ofNullable(user));
    }

    private static JsonNode yaml(byte[] bytes) {
        return YAML.readTree(text(bytes));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
