package io.kvmctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qemu.Profiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileValidationTest {
    private static List<String> messages(String yaml) {
        return Profiles.problems(yaml).problems().stream()
                .map(Problem::toString)
                .toList();
    }

    @Test
    void unknownKeySuggestsTheClosestOne() {
        assertEquals(
                List.of(
                        "/p/vm.yaml: memroy: unknown key 'memroy'; did you mean 'memory'?",
                        "/p/vm.yaml: zzz: unknown key 'zzz'; known keys here: " + String.join(", ", ProfileKeys.TOP),
                        "/p/vm.yaml: disks[0].redonly: unknown key 'redonly'; did you mean 'readonly'?"),
                messages("memroy: 1G\ndisks:\n  - {file: a.img, redonly: true}\nzzz: 1\n"));
    }

    @Test
    void reportsEveryProblemAtOnceWithFieldPaths() {
        assertEquals(
                List.of(
                        "/p/vm.yaml: memory: '512' is not a size; write a whole number with a unit K, M, G or T"
                                + " (binary: 1G = 1024M), e.g. 512M or 2G",
                        "/p/vm.yaml: disks[1].file: missing; give the image file, e.g. file: disk.qcow2",
                        "/p/vm.yaml: disks[1].bus: 'scsi' is not one of virtio-blk, virtio-scsi, sata, ide; use one of those",
                        "/p/vm.yaml: nics[0].mac: '52:54:00:zz:00:01' is not a MAC address; write six hex pairs with colons,"
                                + " e.g. 52:54:00:12:34:56; or remove mac: to derive one from the VM name",
                        "/p/vm.yaml: nics[1].mac: '01:00:5e:00:00:01' is a multicast address (the first byte is odd); a NIC"
                                + " needs a unicast one, e.g. starting with 52:54:00; or remove mac: to derive one from the"
                                + " VM name",
                        "/p/vm.yaml: nics[1].id: id 'disk0' is already used by disks[0].id; give each disk, cdrom and NIC its own id"),
                messages("""
                        memory: 512
                        disks:
                          - file: a.img
                          - {bus: scsi}
                        nics:
                          - mac: 52:54:00:zz:00:01
                          - {id: disk0, mac: 01:00:5e:00:00:01}
                        """));
    }

    @Test
    void missingFilesNameTheResolvedPathAndTheFolder() throws Exception {
        ProfileLoader loader = new ProfileLoader(4, p -> !p.toString().endsWith("gone.img"));
        ProfileException e = org.junit.jupiter.api.Assertions.assertThrows(
                ProfileException.class,
                () -> loader.parse(Path.of("/p/vm.yaml"), "disks:\n  - file: ../x/gone.img\n", Optional.empty()));
        assertEquals(
                "/p/vm.yaml: disks[0].file: no such file: /x/gone.img; create it or fix the path (relative"
                        + " paths are resolved against the profile's folder /p)",
                e.problems().getFirst().toString());
    }

    @Test
    void moreVcpusThanHostCpusIsOnlyAWarning() throws Exception {
        ProfileLoader.Loaded loaded =
                new ProfileLoader(2, p -> true).parse(Profiles.FILE, "smp: 4\n", Optional.empty());
        assertEquals(4, loaded.profile().smp());
        assertEquals(
                List.of("/p/vm.yaml: warning: smp: 4 vCPUs but this host has 2 CPUs, so they compete for"
                        + " time; use smp: 2 or less"),
                loaded.warnings().stream().map(Problem::toString).toList());
    }

    @Test
    void badNamesAreRefusedFromFileAndFromOverride() throws Exception {
        assertEquals(
                List.of("/p/vm.yaml: name: '-x' is not a valid VM name; use 1 to 64 letters, digits, '.', '_'"
                        + " or '-', starting with a letter or digit"),
                messages("name: '-x'\n"));
        ProfileException e = org.junit.jupiter.api.Assertions.assertThrows(
                ProfileException.class,
                () -> new ProfileLoader(4, p -> true).parse(Profiles.FILE, "name: ok\n", Optional.of("a,b")));
        assertTrue(
                e.problems().getFirst().toString().startsWith("/p/vm.yaml: name (--name): 'a,b' is not a valid"),
                e.getMessage());
        assertEquals("vm", Profiles.parse("{}\n").name(), "the file name is the default name");
    }

    @Test
    void conflictingExtraArgsAreRefusedWithTheFieldToUse() {
        assertEquals(
                List.of(
                        "/p/vm.yaml: extra_args[0]: -qmp conflicts with what kvmctl controls; kvmctl owns the QMP monitor;"
                                + " talk to the VM with `kvmctl qmp` or the Java QMP client; remove it",
                        "/p/vm.yaml: extra_args[2]: --incoming conflicts with what kvmctl controls; use the `incoming` field;"
                                + " remove it",
                        "/p/vm.yaml: extra_args[4]: 'socket,id=kvmctl-serial0,path=/tmp/x' refers to kvmctl's own objects"
                                + " (ids starting with kvmctl- are reserved); use another id; remove it",
                        "/p/vm.yaml: extra_args[5]: -daemonize conflicts with what kvmctl controls; kvmctl supervises the"
                                + " QEMU process itself; remove it; remove it"),
                messages("extra_args: [-qmp, 'unix:/x', --incoming, defer, 'socket,id=kvmctl-serial0,path=/tmp/x',"
                        + " -daemonize]\n"));
    }

    @Test
    void newlineAndOtherControlCharactersAreRejected() {
        assertEquals(
                List.of(
                        "/p/vm.yaml: disks[0].file: contains a control character (U+0009); QEMU arguments"
                                + " must be one line; remove it",
                        "/p/vm.yaml: boot.append: contains a control character (newline);"
                                + " QEMU arguments must be one line; remove it"),
                messages("boot: {kernel: k, append: \"a\\nb\"}\ndisks:\n  - file: \"a\\tb\"\n"));
    }

    @Test
    void semanticConflictsAreExplained() {
        assertEquals(
                List.of(
                        "/p/vm.yaml: disks[0].aio: aio: native needs O_DIRECT, which cache: writeback does not use; use"
                                + " cache: none (or directsync), or aio: threads",
                        "/p/vm.yaml: disks[1].readonly: QEMU's IDE/SATA disks cannot be read-only; use bus: virtio-blk or"
                                + " virtio-scsi, or a cdrom",
                        "/p/vm.yaml: nics[1].tap.ifname: 'tap0' is also used by nics[0].tap.ifname; give each NIC its own tap",
                        "/p/vm.yaml: boot: boot: cdrom but no cdrom; add cdrom: FILE.iso, or change boot",
                        "/p/vm.yaml: incoming: exec: migration runs a shell command; use incoming: defer and start the"
                                + " migration over QMP (migrate-incoming)"),
                messages("""
                        disks:
                          - {file: a.img, aio: native}
                          - {file: b.img, bus: ide, readonly: true}
                        nics:
                          - tap: {ifname: tap0}
                          - tap: {ifname: tap0}
                        boot: cdrom
                        incoming: 'exec:cat /tmp/state'
                        """));
    }

    @Test
    void duplicateHostPortsAndBadAddressesAreErrors() {
        assertEquals(
                List.of(
                        "/p/vm.yaml: nics[0].user.hostfwd[0].host_address: 'localhost' is not an IPv4 address; write one"
                                + " like 127.0.0.1 (0.0.0.0 for all host addresses)",
                        "/p/vm.yaml: nics[1].user.hostfwd[0].host_port: host port 2222 is also forwarded by"
                                + " nics[0].user.hostfwd[0]; use another host_port",
                        "/p/vm.yaml: nics[1].user.hostfwd[1].guest_port: expected a whole number from 1 to 65535, found"
                                + " 70000; write a number in that range"),
                messages("""
                        nics:
                          - user: {hostfwd: [{host_address: localhost, host_port: 2222, guest_port: 22}]}
                          - user: {hostfwd: [{host_port: 2222, guest_port: 22}, {host_port: 1, guest_port: 70000}]}
                        """));
    }

    @Test
    void yamlSyntaxErrorsAndDuplicateKeysNameTheLine() {
        assertEquals(
                List.of("/p/vm.yaml: not valid YAML: Duplicate Object property \"smp\" (line 2, column 4);"
                        + " fix the syntax there"),
                messages("smp: 1\nsmp: 2\n"));
        assertTrue(messages("disks: [\n").getFirst().startsWith("/p/vm.yaml: not valid YAML:"));
    }

    @Test
    void reservedIdsAndBadIdsAreRefused() {
        assertEquals(
                List.of(
                        "/p/vm.yaml: disks[0].id: ids starting with 'kvmctl-' are kvmctl's own; choose another" + " id",
                        "/p/vm.yaml: disks[1].id: '9lives' is not a valid id; use 1 to 31 letters, digits, '_' or"
                                + " '-', starting with a letter",
                        "/p/vm.yaml: disks[2].id: id 'cdrom' is already used by cdrom;"
                                + " give each disk, cdrom and NIC its own id"),
                messages("cdrom: a.iso\ndisks:\n  - {file: a, id: kvmctl-x}\n  - {file: b, id: 9lives}\n"
                        + "  - {file: c, id: cdrom}\n"));
    }
}
