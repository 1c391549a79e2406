package io.kvmctl.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class VncEndpointTest {
    @Test
    void readsQueryVncAndSaysHowToConnectLocallyAndThroughSsh() throws Exception {
        // query-vnc of QEMU 7.2 with "-vnc 127.0.0.1:0,to=99,password=on" when display 0 was taken.
        VncEndpoint vnc = VncEndpoint.fromQueryVnc(JsonMapper.builder().build().readTree("""
                {"enabled": true, "auth": "vnc", "family": "ipv4", "clients": [], "service": "5901",
                 "host": "127.0.0.1"}"""));
        assertEquals(new VncEndpoint(true, "127.0.0.1", 5901, "vnc"), vnc);
        assertEquals(1, vnc.display());
        assertTrue(vnc.needsPassword());
        assertEquals(
                List.of(
                        "VNC of this VM: 127.0.0.1:5901 (display :1), password required",
                        "here:   vncviewer 127.0.0.1::5901",
                        "remote: ssh -N -L 5901:127.0.0.1:5901 alice@box   then: vncviewer localhost::5901"),
                vnc.howToConnect("alice", "box"));
    }

    @Test
    void anIpv6ListenAddressIsBracketed() {
        assertTrue(new VncEndpoint(true, "::1", 5900, "none")
                .howToConnect("u", "h")
                .get(1)
                .equals("here:   vncviewer [::1]::5900"));
    }
}
