package io.kvmctl.web.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.Vm;
import io.kvmctl.web.WebSocketBridge;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The browser's serial console against a real QEMU (the busybox test guest under TCG). */
class SerialBridgeIT {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration ANSWER = Duration.ofSeconds(30);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void showsTheGuestTakesKeysTellsASecondBrowserItIsBusyAndSaysWhenTheVmIsGone() throws Exception {
        Path profile = TestGuests.linuxProfile(vms.dir(), "web", "");
        try (Vm vm = Vm.start(profile, vms.options())) {
            RecordingPeer first = new RecordingPeer();
            WebSocketBridge console = SerialBridge.open(vm, first);
            first.await("first message", p -> !p.messages().isEmpty(), ANSWER);
            assertTrue(first.messages().getFirst().binary(), "the scrollback comes first, as binary");
            first.await("the guest's READY line", p -> p.binaryText().contains(TestGuests.READY), BOOT);

            // Keys as binary and as text (both are UTF-8 keys); the shell's answer is what $((6*7)) expands to.
            console.onBinary(ByteBuffer.wrap("echo web-$((6*7))".getBytes(StandardCharsets.UTF_8)));
            console.onText("-ok\n");
            first.await("the command's answer", p -> p.binaryText().contains("web-42-ok"), ANSWER);

            RecordingPeer second = new RecordingPeer();
            WebSocketBridge readOnly = SerialBridge.open(vm, second);
            List<String> texts = second.texts();
            assertEquals(1, texts.size(), texts.toString());
            assertTrue(
                    texts.getFirst()
                            .startsWith("{\"type\":\"busy\",\"message\":\"the serial console is held by pid "
                                    + ProcessHandle.current().pid() + " ("),
                    texts.getFirst());
            assertTrue(texts.getFirst().endsWith(": showing its log read-only\"}"), texts.getFirst());
            assertTrue(second.messages().getFirst().binary(), "the scrollback comes first there too");
            assertTrue(second.binaryText().contains(TestGuests.READY), "the read-only view shows the log");
            // What the first browser makes the guest print reaches the read-only one through the log.
            console.onText("echo follow-$((40+2))\n");
            second.await("the log followed read-only", p -> p.binaryText().contains("follow-42"), ANSWER);
            readOnly.onClose();

            console.onClose();
            RecordingPeer third = new RecordingPeer();
            WebSocketBridge again = SerialBridge.open(vm, third);
            assertEquals(List.of(), third.texts(), "the first bridge let go of QEMU's socket when it closed");
            again.onText("echo again-$((40+2))\n");
            third.await("an answer on the released console", p -> p.binaryText().contains("again-42"), ANSWER);

            NoVncDisplayException noVnc =
                    assertThrows(NoVncDisplayException.class, () -> VncBridge.open(vm, new RecordingPeer()));
            assertTrue(noVnc.getMessage().startsWith("VM web has no VNC display: "), noVnc.getMessage());

            vm.stop(Duration.ZERO, true);
            third.await("the end of the console", p -> p.closeStatus() >= 0, ANSWER);
            assertEquals(1000, third.closeStatus());
            String gone = third.texts().getLast();
            assertTrue(gone.startsWith("{\"type\":\"gone\",\"reason\":\"QEMU "), gone);
        }
    }
}
