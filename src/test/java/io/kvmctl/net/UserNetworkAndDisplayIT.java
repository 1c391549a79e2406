package io.kvmctl.net;

import static io.kvmctl.net.NetTestSupport.BOOT;
import static io.kvmctl.net.NetTestSupport.COMMAND;
import static io.kvmctl.net.NetTestSupport.kvmctlOk;
import static io.kvmctl.net.NetTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.NicSpec;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmStartException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** User networking with forwards on 127.0.0.1, and the VNC display: everything on loopback. */
class UserNetworkAndDisplayIT {
    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();
    final StartOptions options = vms.options();

    @Test
    void hostReachesGuestHttpdThroughAnAutoForwardedPortShownByStatus() throws Exception {
        Path profile = TestGuests.linuxProfile(tmp, "web", """
                nics:
                  - id: net0
                    user:
                      hostfwd:
                        - host_port: auto
                          guest_port: 8080
                """);
        try (Vm vm = Vm.start(profile, options);
                SerialConsole c = vm.console()) {
            JsonNode status = JsonMapper.builder()
                    .build()
                    .readTree(kvmctlOk(root, null, "status", "web", "--json").output());
            JsonNode fwd = status.path("network").path("forwards").get(0);
            assertNotNull(fwd, status.toString());
            int port = fwd.path("host_port").asInt();
            assertTrue(fwd.path("auto_port").asBoolean(), fwd.toString());
            assertNotEquals(0, port);
            assertEquals("127.0.0.1", fwd.path("host_address").asString());
            String human = kvmctlOk(root, null, "status", "web").output();
            assertTrue(human.contains("tcp 127.0.0.1:" + port + " -> guest 10.0.2.15:8080 (auto)"), human);

            c.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), BOOT);
            run(c, "mkdir -p /www && echo kvmctl-httpd-$((40+2)) > /www/index.html && httpd -p 8080 -h /www", COMMAND);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(20))
                    .build();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("kvmctl-httpd-42", r.body().strip());

            NetTestSupport.Result vnc = NetTestSupport.kvmctl(root, null, "vnc", "web");
            assertEquals(2, vnc.exitCode(), vnc.output());
            assertTrue(
                    vnc.output().contains("VM web has no VNC display; add 'display: vnc' to its profile"),
                    vnc.output());
            NetTestSupport.Result shot = NetTestSupport.kvmctl(
                    root, null, "screenshot", "web", tmp.resolve("no.png").toString());
            assertEquals(2, shot.exitCode(), shot.output());
            assertFalse(Files.exists(tmp.resolve("no.png")));
        }
    }

    @Test
    void aForwardToAHostPortInUseFailsWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path profile = TestGuests.linuxProfile(tmp, "busy", """
                    nics:
                      - user:
                          hostfwd:
                            - host_port: %d
                              guest_port: 22
                    """.formatted(taken.getLocalPort()));
            VmStartException e = assertThrows(
                    VmStartException.class, () -> Vm.start(profile, options).close());
            assertTrue(e.getMessage().contains("host port in use"), e.getMessage());
            assertTrue(e.getMessage().contains(":" + taken.getLocalPort() + "-"), e.getMessage());
        }
        assertEquals(java.util.List.of(), root.names(), "nothing is left of the failed start");
    }

    @Test
    void userNicHotAddedThroughTheVmAppearsInTheGuestWithItsMacAndIsRemoved() throws Exception {
        Path profile = TestGuests.linuxProfile(tmp, "hotnic", "");
        try (Vm vm = Vm.start(profile, options);
                SerialConsole c = SerialConsole.attach(vm)) {
            c.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), BOOT);
            HotNic nic = vm.nics()
                    .add(new NicRequest(Optional.empty(), new NetBackend.User(List.of()), NicSpec.Model.VIRTIO_NET));
            assertEquals("hnic0", nic.id());
            assertEquals("user", nic.backend());
            assertNotNull(nic.port(), "on q35 a hot-added NIC sits in a hot-plug port");
            assertEquals(
                    List.of(nic), NetworkStateStore.read(vm.directory().path()).hotNics());
            assertTrue(guestSeesWithin(c, nic.mac(), BOOT), "the guest never saw mac " + nic.mac());

            vm.nics().del(nic.id(), COMMAND);
            assertFalse(guestMacs(c).contains(nic.mac()), "the NIC is still in the guest after del");
            assertEquals(
                    List.of(), NetworkStateStore.read(vm.directory().path()).hotNics());
            vm.stop(Duration.ZERO, true);
        }
    }

    private static String guestMacs(SerialConsole c) throws IOException {
        return String.join("\n", run(c, "cat /sys/class/net/*/address", COMMAND));
    }

    /** The guest's kernel sees a hot-added NIC a moment after QEMU: ask until it has {@code mac}, within a bound. */
    private static boolean guestSeesWithin(SerialConsole c, String mac, Duration bound) throws IOException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (guestMacs(c).contains(mac)) {
                return true;
            }
            run(c, "sleep 1", COMMAND);
        }
        return false;
    }

    @Test
    void vncsnapshotConnectsWithThePasswordAndScreenshotWritesAPng() throws Exception {
        Path profile = TestGuests.linuxProfile(tmp, "screen", "display: vnc\n");
        try (Vm vm = Vm.start(profile, options);
                SerialConsole c = vm.console()) {
            c.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), BOOT);
            // Text on the VGA console, so the screen is certainly not blank.
            run(c, "echo KVMCTL SCREEN TEST > /dev/tty0", COMMAND);

            Path pwFile = Files.writeString(tmp.resolve("pw"), "s3cret42\n");
            kvmctlOk(root, null, "vnc", "screen", "--password-file", pwFile.toString());
            JsonNode vnc = JsonMapper.builder()
                    .build()
                    .readTree(kvmctlOk(root, null, "vnc", "screen", "--json").output());
            assertEquals("127.0.0.1", vnc.path("host").asString());
            assertEquals("vnc", vnc.path("auth").asString());
            String human = kvmctlOk(root, null, "vnc", "screen").output();
            assertTrue(human.contains("ssh -N -L " + vnc.path("port").asInt() + ":127.0.0.1:"), human);

            Path jpg = tmp.resolve("vnc.jpg");
            Path passwd = VncPasswdFile.write(tmp.resolve("vncpasswd"), "s3cret42");
            Process p = new ProcessBuilder(
                            "vncsnapshot",
                            "-passwd",
                            passwd.toString(),
                            "-allowblank",
                            "127.0.0.1:" + vnc.path("display").asInt(),
                            jpg.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String said = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "vncsnapshot did not finish");
            assertEquals(0, p.exitValue(), "vncsnapshot said: " + said);
            BufferedImage viaVnc = ImageIO.read(jpg.toFile());
            assertNotNull(viaVnc, "vncsnapshot wrote a decodable image");

            Path wrongPw = VncPasswdFile.write(tmp.resolve("wrong"), "nope");
            Process bad = new ProcessBuilder(
                            "vncsnapshot",
                            "-passwd",
                            wrongPw.toString(),
                            "-allowblank",
                            "127.0.0.1:" + vnc.path("display").asInt(),
                            tmp.resolve("bad.jpg").toString())
                    .redirectErrorStream(true)
                    .start();
            bad.getOutputStream().close();
            bad.getInputStream().readAllBytes();
            assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
            assertNotEquals(0, bad.exitValue(), "a wrong password is refused");

            Path png = tmp.resolve("shot.png");
            kvmctlOk(root, null, "screenshot", "screen", png.toString());
            byte[] head = Files.readAllBytes(png);
            assertEquals((byte) 0x89, head[0]);
            assertEquals("PNG", new String(head, 1, 3));
            BufferedImage shot = ImageIO.read(png.toFile());
            assertEquals(viaVnc.getWidth(), shot.getWidth());
            assertEquals(viaVnc.getHeight(), shot.getHeight());
            assertTrue(pixelsOffBackground(shot) > 200, "the screenshot shows text, not one flat colour");
        }
    }

    /** Pixels whose colour differs from the top-left one (the background of a text screen). */
    private static int pixelsOffBackground(BufferedImage img) {
        int background = img.getRGB(0, 0);
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) != background) {
                    n++;
                }
            }
        }
        return n;
    }
}
