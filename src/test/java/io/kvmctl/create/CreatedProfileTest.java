package io.kvmctl.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.Size;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class CreatedProfileTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Test
    void aCloudImageRunsOnItsOverlayWithSshForwardedOnAPortChosenAtStart() {
        CreateRequest r = new CreateRequest(
                "web",
                new CreateRequest.Source.Image(Path.of("/srv/debian-12.qcow2")),
                Optional.of(Size.parse("20G")),
                2,
                Size.parse("2G"),
                CreateRequest.Firmware.UEFI,
                Optional.of("tcg"),
                true,
                Optional.empty(),
                List.of(new CreateRequest.Forward(8080, 80)));
        String text = CreatedProfile.yaml(r, "kvmctl create web --image /srv/debian-12.qcow2 --ssh");
        assertTrue(text.startsWith("# Written by: kvmctl create web --image /srv/debian-12.qcow2 --ssh\n"), text);
        assertTrue(text.contains("overlay over /srv/debian-12.qcow2, which is only read"), text);
        JsonNode p = YAML.readTree(text);
        assertEquals("web", p.get("name").asString());
        assertEquals("tcg", p.get("accel").asString());
        assertEquals("uefi", p.get("firmware").asString());
        assertEquals("2G", p.get("memory").asString());
        assertEquals(2, p.get("smp").asInt());
        assertEquals("disk.qcow2", p.get("disks").get(0).get("file").asString());
        JsonNode forwards = p.get("nics").get(0).get("user").get("hostfwd");
        assertEquals(8080, forwards.get(0).get("host_port").asInt());
        assertEquals(22, forwards.get(1).get("guest_port").asInt());
        assertEquals("auto", forwards.get(1).get("host_port").asString(), "the ssh port is chosen at each start");
        assertTrue(p.get("cloud_init").get("ssh").asBoolean());
        assertFalse(p.has("cdroms") || p.has("boot") || p.has("display"));
    }

    @Test
    void anInstallerBootsItsCdromBeforeTheEmptyDiskWithVnc() {
        CreateRequest r = new CreateRequest(
                "inst",
                new CreateRequest.Source.Iso(Path.of("/srv/debian netinst.iso")),
                Optional.of(Size.parse("20G")),
                1,
                Size.parse("1G"),
                CreateRequest.Firmware.BIOS,
                Optional.empty(),
                false,
                Optional.empty(),
                List.of());
        JsonNode p = YAML.readTree(CreatedProfile.yaml(r, "kvmctl create inst --iso x"));
        assertEquals(
                "/srv/debian netinst.iso", p.get("cdroms").get(0).get("file").asString());
        assertEquals(List.of("install", "disk0"), YAML.convertValue(p.get("boot"), List.class));
        assertEquals("vnc", p.get("display").asString());
        assertFalse(p.has("firmware") || p.has("cloud_init") || p.has("accel"));
        assertFalse(p.get("nics").get(0).get("user").has("hostfwd"));
    }
}
