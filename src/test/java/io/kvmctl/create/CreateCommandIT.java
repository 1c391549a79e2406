package io.kvmctl.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.testing.DebianImages;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.vm.VmHomes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvmctl create --no-start} against real images and qemu-img: a cloud image becomes an overlay in the VM's
 * home and a profile kvmctl reads back; every bad input is one line, exit 2, and leaves no home behind.
 */
class CreateCommandIT {
    @TempDir
    Path tmp;

    @Test
    void aCloudImageBecomesAnOverlayAndAProfileInTheVmsHomeAndTheImageIsOnlyRead() throws Exception {
        Path image = DebianImages.disk();
        String before = sha256(image);
        Result r =
                create("web", "--image", image.toString(), "--disk-size", "8G", "--forward", "8080:80", "--no-start");
        assertEquals(0, r.exit(), r.output());
        Path home = tmp.resolve("data/vms/web");
        assertEquals(
                "rwx------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        Path profile = tmp.resolve("store/web/profile.yaml");
        assertTrue(r.output().contains("created web: " + profile), "create defines the VM: " + r.output());
        assertFalse(Files.exists(home.resolve("web.yaml")), "one profile: the definition");
        var loaded = ProfileLoader.forThisHost().load(profile).profile();
        assertEquals(home.resolve("disk.qcow2"), loaded.disks().get(0).file());
        String info = run(
                "qemu-img", "info", "--output=json", home.resolve("disk.qcow2").toString());
        assertTrue(info.contains("\"virtual-size\": 8589934592"), info);
        assertTrue(info.contains("\"backing-filename\": \"" + image.toAbsolutePath() + "\""), info);
        assertEquals(before, sha256(image), "the base image is only read");

        Result again = create("web", "--image", image.toString(), "--no-start");
        assertEquals(2, again.exit(), again.output());
        assertTrue(again.output().contains("a VM named web already exists"), again.output());
        assertTrue(Files.exists(profile), "the existing VM is untouched");
    }

    @Test
    void badInputIsOneLineWithExitTwoAndNothingCreated() throws Exception {
        Path image = DebianImages.disk();
        Path notYaml = Files.writeString(tmp.resolve("user-data"), "#cloud-config\npackages: [htop\n");
        Path notIso = Files.writeString(tmp.resolve("fake.iso"), "not an iso");
        // A real qcow2 cut after 64 bytes: its magic, then a header cut short, as a broken download leaves it.
        Path truncated = tmp.resolve("truncated.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", truncated.toString(), "1G");
        try (var f = java.nio.channels.FileChannel.open(truncated, java.nio.file.StandardOpenOption.WRITE)) {
            f.truncate(64);
        }
        // A directory in place of a file: mode 000 would not do, root reads through it.
        Path folder = Files.createDirectory(tmp.resolve("folder.qcow2"));
        Path folderIso = Files.createDirectory(tmp.resolve("folder.iso"));
        List<String[]> cases = List.of(
                new String[] {"a", "--image", tmp.resolve("missing.qcow2").toString()},
                new String[] {"b", "--image", image.toString(), "--disk-size", "1G"},
                new String[] {"c", "--iso", notIso.toString(), "--disk-size", "4G"},
                new String[] {"d", "--iso", DebianImages.installerIso().toString()},
                new String[] {"e", "--image", image.toString(), "--cloud-init", notYaml.toString()},
                new String[] {"f", "--image", image.toString(), "--forward", "80"},
                new String[] {"g", "--image", image.toString(), "--firmware", "coreboot"},
                new String[] {"bad/name", "--image", image.toString()},
                new String[] {"h", "--image", truncated.toString()},
                new String[] {"i", "--image", folder.toString()},
                new String[] {"j", "--iso", folderIso.toString(), "--disk-size", "4G"});
        List<String> expected = List.of(
                "no image at",
                "is smaller than the image",
                "is not an ISO 9660 image",
                "give its size with --disk-size",
                "not valid YAML at line 2", // where the unclosed [ opens
                "write HOST:GUEST ports",
                "use bios or uefi",
                "is not a VM name",
                "cannot read the image " + truncated + ": qemu-img: Could not open",
                "no image at " + folder,
                "cannot read the ISO " + folderIso + ": Is a directory");
        for (int i = 0; i < cases.size(); i++) {
            List<String> args = new ArrayList<>(List.of(cases.get(i)));
            args.add("--no-start");
            Result r = create(args.toArray(String[]::new));
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.output());
            List<String> lines =
                    r.output().lines().filter(l -> !l.startsWith("WARNING")).toList();
            assertEquals(1, lines.size(), r.output());
            assertTrue(
                    lines.get(0).startsWith("kvmctl create: ") && lines.get(0).contains(expected.get(i)), r.output());
        }
        Path vms = tmp.resolve("data/vms");
        assertTrue(!Files.exists(vms) || Files.list(vms).findAny().isEmpty(), "no home was left behind");
        Path store = tmp.resolve("store");
        assertTrue(!Files.exists(store) || Files.list(store).findAny().isEmpty(), "no definition was left behind");
    }

    private record Result(int exit, String output) {}

    private Result create(String... args) throws IOException, InterruptedException {
        List<String> cmd = KvmctlProcess.command(args);
        cmd.add(cmd.indexOf("io.kvmctl/io.kvmctl.cli.Main") + 1, "create");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(VmHomes.ENV, tmp.resolve("data").toString());
        pb.environment().put(VmHomes.STORE_ENV, tmp.resolve("store").toString());
        pb.environment().put("KVMCTL_RUNTIME_DIR", tmp.resolve("run").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        return new Result(p.exitValue(), out);
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertFalse(p.exitValue() != 0, out);
        return out;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
