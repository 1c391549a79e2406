package io.kvmctl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefinitionTextTest {
    @Test
    void relativePathsAreWrittenOutInFullAndEverythingElseIsKept() {
        String text = """
                # my web server
                name: web   # the VM's name
                disks:
                  - file: disks/root.qcow2   # relative to this file
                    format: qcow2
                  - {file: 'seed.iso', format: raw}
                boot:
                  kernel: "vmlinuz"
                """;
        String copy = DefinitionText.of(
                text,
                Map.of(
                        "disks[0].file", Path.of("/srv/vms/disks/root.qcow2"),
                        "disks[1].file", Path.of("/srv/vms/seed.iso"),
                        "boot.kernel", Path.of("/srv/vms/vmlinuz")),
                Optional.empty());
        assertEquals("""
                # my web server
                name: web   # the VM's name
                disks:
                  - file: "/srv/vms/disks/root.qcow2"   # relative to this file
                    format: qcow2
                  - {file: "/srv/vms/seed.iso", format: raw}
                boot:
                  kernel: "/srv/vms/vmlinuz"
                """, copy);
    }

    @Test
    void aNewNameReplacesTheProfilesOrIsAddedWhenItHasNone() {
        assertEquals(
                "name: \"db\"\nmemory: 1G\n",
                DefinitionText.of("name: web\nmemory: 1G\n", Map.of(), Optional.of("db")));
        assertEquals("name: \"db\"\nmemory: 1G\n", DefinitionText.of("memory: 1G\n", Map.of(), Optional.of("db")));
    }

    @Test
    void listItemsAndQuotedScalarsWithEscapesAreFound() {
        String text = "cloud_init:\n  ssh_authorized_keys:\n    - \"keys/a \\\"b\\\".pub\"\n    - 'it''s.pub'\n";
        String copy = DefinitionText.of(
                text,
                Map.of(
                        "cloud_init.ssh_authorized_keys[0]", Path.of("/k/a \"b\".pub"),
                        "cloud_init.ssh_authorized_keys[1]", Path.of("/k/it's.pub")),
                Optional.empty());
        assertEquals(
                "cloud_init:\n  ssh_authorized_keys:\n    - \"/k/a \\\"b\\\".pub\"\n    - \"/k/it's.pub\"\n", copy);
    }

    @Test
    void aBlockScalarPathIsRefusedRatherThanStoredWrong() {
        String text = "qemu: >-\n  bin/qemu\n";
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DefinitionText.of(text, Map.of("qemu", Path.of("/x/bin/qemu")), Optional.empty()));
        assertTrue(e.getMessage().startsWith("qemu: write it as a one-line value"), e.getMessage());
    }

    @Test
    void fieldNamesBecomeThePointersTheParserReports() {
        assertEquals("/disks/0/file", DefinitionText.pointer("disks[0].file"));
        assertEquals("/cloud_init/ssh_authorized_keys/1", DefinitionText.pointer("cloud_init.ssh_authorized_keys[1]"));
        assertEquals("/qemu", DefinitionText.pointer("qemu"));
    }
}
