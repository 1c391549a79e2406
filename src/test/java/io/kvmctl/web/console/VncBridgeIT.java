package io.kvmctl.web.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.display.VncEndpoint;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.Vm;
import io.kvmctl.web.WebSocketBridge;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The browser's VNC screen against a real QEMU whose VNC server wants a password (the profile's default). */
class VncBridgeIT {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration ANSWER = Duration.ofSeconds(30);
    private static final byte[] RFB_38 = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
    /** What the bridge says before QEMU's ServerInit: greeting, one security type (None), result OK. */
    private static final int HANDSHAKE_BYTES = 12 + 2 + 4;

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void browserGetsServerInitAndAFramebufferUpdateWithoutEverSeeingThePassword() throws Exception {
        Path profile = TestGuests.linuxProfile(vms.dir(), "screen", "display: vnc\n");
        try (Vm vm = Vm.start(profile, vms.options())) {
            assertTrue(vm.display().vnc().needsPassword(), "the profile's VNC server wants a password");
            try (SerialConsole c = vm.console()) {
                // Booted: the screen has its final (text mode) size.
                c.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), BOOT);
            }
            BufferedImage shot = vm.display().screenshot(vms.dir().resolve("shot.png"));

            for (int session = 1; session <= 2; session++) { // the second proves the first left QEMU usable
                RecordingPeer browser = new RecordingPeer();
                WebSocketBridge vnc = VncBridge.open(vm, browser);
                byte[] serverInit = handshakeAsNoVncDoes(browser, vnc);
                ByteBuffer si = ByteBuffer.wrap(serverInit);
                assertEquals(shot.getWidth(), si.getShort(0) & 0xffff, "ServerInit width, session " + session);
                assertEquals(shot.getHeight(), si.getShort(2) & 0xffff, "ServerInit height, session " + session);

                int updateAt = HANDSHAKE_BYTES + serverInit.length;
                vnc.onBinary(ByteBuffer.allocate(10)
                        .put((byte) 3) // FramebufferUpdateRequest
                        .put((byte) 0) // not incremental
                        .putShort((short) 0)
                        .putShort((short) 0)
                        .putShort(si.getShort(0))
                        .putShort(si.getShort(2))
                        .flip());
                browser.await("a FramebufferUpdate", p -> p.binary().length >= updateAt + 4, ANSWER);
                byte[] all = browser.binary();
                assertEquals(0, all[updateAt], "message type FramebufferUpdate");
                assertTrue(ByteBuffer.wrap(all).getShort(updateAt + 2) > 0, "with at least one rectangle");
                assertEquals(List.of(), browser.texts(), "nothing but RFB on the VNC socket");
                vnc.onClose();
            }
            vm.stop(Duration.ZERO, true);
        }
    }

    @Test
    void aPasswordTheUserSetsAfterABrowserSessionStillLetsTheirViewerIn() throws Exception {
        Path profile = TestGuests.linuxProfile(vms.dir(), "mine", "display: vnc\n");
        try (Vm vm = Vm.start(profile, vms.options())) {
            RecordingPeer browser = new RecordingPeer();
            WebSocketBridge vnc = VncBridge.open(vm, browser);
            handshakeAsNoVncDoes(browser, vnc);
            vnc.onClose();

            vm.display().setVncPassword("s3cret42"); // what 'kvmctl vnc --password-stdin' does
            VncEndpoint endpoint = vm.display().vnc();
            try (Socket viewer = new Socket(endpoint.host(), endpoint.port())) {
                viewer.setSoTimeout((int) ANSWER.toMillis());
                RfbClientHandshake rfb = new RfbClientHandshake(() -> "s3cret42");
                InputStream in = viewer.getInputStream();
                OutputStream out = viewer.getOutputStream();
                ByteBuffer received = ByteBuffer.allocate(4096);
                while (!rfb.done()) {
                    int n = in.read(received.array(), received.position(), received.remaining());
                    assertTrue(n > 0, "QEMU closed the viewer's connection");
                    received.position(received.position() + n).flip();
                    out.write(rfb.receive(received)); // throws with QEMU's reason when it refuses the password
                    received.compact();
                }
                assertTrue(rfb.usedPassword());
            }
            vm.stop(Duration.ZERO, true);
        }
    }

    /**
     * The browser's side of the handshake, as noVNC sends it; checks every byte the bridge sent on the way (so no
     * password or anything else can have gone to the browser) and returns QEMU's ServerInit.
     */
    private static byte[] handshakeAsNoVncDoes(RecordingPeer browser, WebSocketBridge vnc) throws Exception {
        browser.await("the RFB greeting", p -> p.binary().length >= 12, ANSWER);
        assertArrayEquals(RFB_38, browser.binary(), "the greeting alone first");
        vnc.onBinary(ByteBuffer.wrap(RFB_38));
        browser.await("the security types", p -> p.binary().length >= 14, ANSWER);
        vnc.onBinary(ByteBuffer.wrap(new byte[] {1, 1})); // security None, then ClientInit (shared) in one message
        browser.await("ServerInit", p -> serverInitEnd(p.binary()) > 0, ANSWER);
        byte[] all = browser.binary();
        byte[] handshake = ByteBuffer.allocate(HANDSHAKE_BYTES)
                .put(RFB_38)
                .put(new byte[] {1, 1, 0, 0, 0, 0})
                .array();
        assertArrayEquals(handshake, java.util.Arrays.copyOf(all, HANDSHAKE_BYTES));
        int end = serverInitEnd(all);
        assertFalse(browser.texts().iterator().hasNext(), "no text message");
        return java.util.Arrays.copyOfRange(all, HANDSHAKE_BYTES, end);
    }

    /** Where ServerInit (width, height, 16-byte pixel format, u32 name length, name) ends, or 0 while incomplete. */
    private static int serverInitEnd(byte[] all) {
        int nameLengthAt = HANDSHAKE_BYTES + 2 + 2 + 16;
        if (all.length < nameLengthAt + 4) {
            return 0;
        }
        int end = nameLengthAt + 4 + ByteBuffer.wrap(all).getInt(nameLengthAt);
        return all.length >= end ? end : 0;
    }
}
