package io.kvmctl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A VM kept by name through the command line against real QEMU: define (a copy with full paths, the original only
 * read), up by name, list --all, info, edit with a scripted $EDITOR (invalid, then valid, while it runs), down,
 * and undefine, which never touches an image outside the VM's own folder; a running transient VM defined with
 * {@code --from-running}, and a clone of a defined VM, defined too with its disk in its own home.
 */
class DefinedVmIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void aDefinedVmLivesFromDefineToUndefine() throws Exception {
        TestGuests.requireImages();
        RuntimeRoot root = vms.root();
        Path src = Files.createDirectories(vms.dir().resolve("src"));
        Path image = Files.copy(
                TestGuests.HELLO, Files.createDirectories(src.resolve("disks")).resolve("hello.img"));
        Path profile = Files.writeString(src.resolve("web.yaml"), """
                # the web VM: its disk sits beside this file
                name: web
                accel: %s
                memory: 16M
                disks:
                  - {file: disks/hello.img, format: raw, bus: ide}
                nics:
                  - user: {hostfwd: [{host_port: auto, guest_port: 80}]}
                """.formatted(TestGuests.KVM_IF_USABLE));
        byte[] original = Files.readAllBytes(profile);

        String defined = ok(root, "define", profile.toString());
        Path stored = IsolatedVms.storeBeside(root).resolve("web/profile.yaml");
        assertTrue(defined.contains("defined VM web: " + stored), defined);
        String copy = Files.readString(stored);
        assertTrue(copy.contains("# the web VM: its disk sits beside this file"), "comments are kept: " + copy);
        assertTrue(copy.contains("file: \"" + image + "\""), "the relative path is written out: " + copy);
        assertArrayEquals(original, Files.readAllBytes(profile), "the original profile is only read");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.getParent())));

        KvmctlProcess twice = KvmctlProcess.run(root, "define", profile.toString());
        assertEquals(2, twice.exitCode(), twice.toString());
        assertOneLine(twice, "VM web is defined already");

        assertEquals("shut off", row(root, "web").path("state").asString());

        // Autostart: the unit kvmctl installs, and the entry points for inits other than systemd.
        ok(root, "autostart", "web", "on");
        Path units = IsolatedVms.unitDirBeside(root);
        String unit = Files.readString(units.resolve("kvmctl-web.service"));
        assertTrue(unit.contains(" up web --foreground --stop-timeout 60\n"), unit);
        assertTrue(unit.contains("Environment=KVMCTL_STORE_DIR=" + IsolatedVms.storeBeside(root)), unit);
        assertTrue(Files.isSymbolicLink(units.resolve("multi-user.target.wants/kvmctl-web.service")));
        assertEquals("web", ok(root, "autostart", "--list").strip());
        assertEquals("yes, autostart", row(root, "web").path("autostart").asBoolean() ? "yes, autostart" : "no");
        assertTrue(ok(root, "autostart", "run").contains("web: started"));
        assertEquals("running", row(root, "web").path("state").asString());
        assertTrue(ok(root, "autostart", "run").contains("web: already running"));
        assertTrue(ok(root, "autostart", "stop", "--timeout", "2").startsWith("web: "));
        assertEquals("shut off", row(root, "web").path("state").asString());

        ok(root, "up", "web");
        JsonNode running = row(root, "web");
        assertEquals("running", running.path("state").asString(), running.toString());
        assertTrue(running.path("defined").asBoolean());

        KvmctlProcess typo = KvmctlProcess.run(root, "up", "wbe");
        assertEquals(2, typo.exitCode(), typo.toString());
        assertOneLine(typo, "no profile file wbe and no defined VM of that name");
        assertTrue(typo.output().contains("did you mean web?"), typo.toString());

        JsonNode info = json(ok(root, "info", "web", "--json"));
        assertEquals("running", info.path("state").asString());
        assertEquals(
                Files.size(image),
                info.path("disks").get(0).path("virtual_size_bytes").asLong(),
                info.toString());
        assertTrue(info.path("nics").get(0).path("mac").asString().startsWith("52:54:00:"), info.toString());
        assertTrue(info.path("nics").get(0).path("forwards").get(0).asString().endsWith("-:80"), info.toString());
        assertFalse(info.path("pending_change").asBoolean());

        // The scripted editor: first an invalid profile, then (after kvmctl reopens it with the errors on top)
        // a valid one with more memory.
        Path editor = Files.writeString(vms.dir().resolve("editor.sh"), """
                #!/bin/sh
                n=$(cat "%1$s/edits" 2>/dev/null || echo 0); echo $((n + 1)) > "%1$s/edits"
                if [ "$n" = 0 ]; then sed -i 's/^memory: 16M/memory: lots/' "$1"
                else grep -q '^# kvmctl edit: ' "$1" && sed -i 's/^memory: lots/memory: 32M/' "$1"; fi
                """.formatted(vms.dir()));
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        KvmctlProcess edit = run(root, editor, "edit", "web");
        assertEquals(0, edit.exitCode(), edit.toString());
        assertEquals("2", Files.readString(vms.dir().resolve("edits")).strip(), "the editor was opened twice");
        assertTrue(edit.output().contains("runs with its old definition until its next start"), edit.toString());
        assertTrue(Files.readString(stored).contains("memory: 32M"));
        assertTrue(Files.readString(stored).contains("# the web VM"), "edit keeps the comments");
        assertTrue(
                json(ok(root, "info", "web", "--json")).path("pending_change").asBoolean());

        KvmctlProcess busy = KvmctlProcess.run(root, "undefine", "web");
        assertEquals(2, busy.exitCode(), busy.toString());
        assertOneLine(busy, "VM web is running");

        ok(root, "down", "web", "--timeout", "3");
        JsonNode off = json(ok(root, "info", "web", "--json"));
        assertEquals("shut off", off.path("state").asString());
        assertEquals(32L << 20, off.path("memory_bytes").asLong(), "the edit applies at the next start");
        assertFalse(off.path("last_stop").isNull(), "how it stopped is kept: " + off);

        String undefined = ok(root, "undefine", "web", "--remove-storage");
        assertTrue(undefined.contains("undefined VM web"), undefined);
        assertFalse(Files.exists(stored.getParent()), "the VM's store folder is gone");
        assertFalse(Files.exists(units.resolve("kvmctl-web.service")), "its autostart unit is gone");
        assertTrue(Files.exists(image), "an image outside the VM's folder is never removed");
        assertEquals(List.of(), names(root, "--all"));
    }

    @Test
    void aRunningTransientVmIsKeptByDefineFromRunningAndItsCloneIsDefinedToo() throws Exception {
        TestGuests.requireImages();
        RuntimeRoot root = vms.root();
        Path image = Files.copy(TestGuests.HELLO, vms.dir().resolve("hello.img"));
        byte[] imageBefore = Files.readAllBytes(image);
        Path profile = Files.writeString(vms.dir().resolve("t1.yaml"), """
                name: t1
                accel: %s
                memory: 16M
                disks:
                  - {file: hello.img, format: raw, bus: ide}
                nics:
                  - user: {}
                """.formatted(TestGuests.KVM_IF_USABLE));
        ok(root, "up", profile.toString());
        assertEquals(false, row(root, "t1").path("defined").asBoolean());
        ok(root, "define", "t1", "--from-running");
        assertEquals(true, row(root, "t1").path("defined").asBoolean(), "kept while it runs");
        ok(root, "down", "t1", "--timeout", "3");
        assertEquals("shut off", row(root, "t1").path("state").asString());

        String cloned = ok(root, "clone", "t1", "t2");
        assertTrue(cloned.contains("cloned t1 as t2 (defined)"), cloned);
        Path home = IsolatedVms.dataDirBeside(root).resolve("vms/t2");
        JsonNode t2 = json(ok(root, "info", "t2", "--json"));
        Path disk = Path.of(t2.path("disks").get(0).path("file").asString());
        assertTrue(disk.startsWith(home), "the clone's disk is in its own home: " + t2);
        assertTrue(
                !t2.path("nics")
                        .get(0)
                        .path("mac")
                        .asString()
                        .equals(json(ok(root, "info", "t1", "--json"))
                                .path("nics")
                                .get(0)
                                .path("mac")
                                .asString()),
                "the clone has MACs of its own");
        ok(root, "up", "t2");
        assertEquals("running", row(root, "t2").path("state").asString());
        ok(root, "down", "t2", "--timeout", "3");
        ok(root, "undefine", "t2", "--remove-storage");
        assertFalse(Files.exists(home), "the clone's home is gone");
        ok(root, "undefine", "t1");
        assertArrayEquals(imageBefore, Files.readAllBytes(image), "the source's image was only read");
        assertEquals(List.of(), names(root, "--all"));
    }

    @Test
    void badInputIsOneLineAndStoresNothing() throws Exception {
        RuntimeRoot root = vms.root();
        Path invalid = Files.writeString(vms.dir().resolve("bad.yaml"), "name: bad\nmemory: lots\n");
        KvmctlProcess p = KvmctlProcess.run(root, "define", invalid.toString());
        assertEquals(2, p.exitCode(), p.toString());
        assertTrue(p.output().contains("memory"), p.toString());
        assertFalse(Files.exists(IsolatedVms.storeBeside(root).resolve("bad")), "nothing stored");

        KvmctlProcess unknown = KvmctlProcess.run(root, "info", "nosuch");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertOneLine(unknown, "no VM named nosuch is defined");

        KvmctlProcess missing =
                KvmctlProcess.run(root, "up", vms.dir().resolve("missing.yaml").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        assertOneLine(missing, "no profile at");
    }

    private static void assertOneLine(KvmctlProcess p, String expected) {
        List<String> lines = p.output().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), p.toString());
        assertTrue(lines.getFirst().contains(expected), p.toString());
    }

    private static JsonNode row(RuntimeRoot root, String name) throws Exception {
        for (JsonNode r : json(ok(root, "list", "--all", "--json")).path("vms")) {
            if (r.path("name").asString().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " is not in list --all");
    }

    private static List<String> names(RuntimeRoot root, String... flags) throws Exception {
        String[] args = new String[flags.length + 2];
        args[0] = "list";
        System.arraycopy(flags, 0, args, 1, flags.length);
        args[args.length - 1] = "--json";
        List<String> names = new java.util.ArrayList<>();
        json(ok(root, args)).path("vms").forEach(r -> names.add(r.path("name").asString()));
        return names;
    }

    /** kvmctl with {@code editor} as $EDITOR (and no $VISUAL). */
    private static KvmctlProcess run(RuntimeRoot root, Path editor, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(KvmctlProcess.command(args)).redirectErrorStream(true);
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        pb.environment()
                .put("KVMCTL_LOG_DIR", IsolatedVms.logRootBeside(root).path().toString());
        pb.environment()
                .put(io.kvmctl.vm.VmHomes.ENV, IsolatedVms.dataDirBeside(root).toString());
        pb.environment()
                .put(
                        io.kvmctl.vm.VmHomes.STORE_ENV,
                        IsolatedVms.storeBeside(root).toString());
        pb.environment().remove("VISUAL");
        pb.environment().put("EDITOR", editor.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), out);
        return new KvmctlProcess(p.exitValue(), out);
    }

    private static String ok(RuntimeRoot root, String... args) throws Exception {
        KvmctlProcess p = KvmctlProcess.run(root, args);
        assertEquals(0, p.exitCode(), "kvmctl " + String.join(" ", args) + ": " + p);
        return p.output();
    }

    private static JsonNode json(String output) {
        int start = Math.min(
                output.indexOf('[') < 0 ? Integer.MAX_VALUE : output.indexOf('['),
                output.indexOf('{') < 0 ? Integer.MAX_VALUE : output.indexOf('{'));
        return JSON.readTree(output.substring(start));
    }
}
