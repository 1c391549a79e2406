package io.kvmctl.web.console;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFB's 12-byte ProtocolVersion message ({@code "RFB 003.008\n"}), reduced to the three versions that exist. */
enum RfbVersion {
    V3_3(3),
    V3_7(7),
    V3_8(8);

    static final int LENGTH = 12;
    private static final Pattern FORMAT = Pattern.compile("RFB (\\d{3})\\.(\\d{3})\n");

    private final int minor;

    RfbVersion(int minor) {
        this.minor = minor;
    }

    byte[] message() {
        return ("RFB 003.00" + minor + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The version to speak with a peer that announced {@code announced}: at most 3.8; other minors count as the
     * next lower known one (RFB says so: Apple's 3.889 is 3.8, a 3.5 is 3.3).
     */
    static RfbVersion agreed(byte[] announced, String peer) throws RfbHandshakeException {
        String text = new String(announced, StandardCharsets.US_ASCII);
        Matcher m = FORMAT.matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 3) {
            throw new RfbHandshakeException(peer + " does not speak RFB (it sent '" + text.strip() + "')");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major > 3 || minor >= 8) {
            return V3_8;
        }
        return minor >= 7 ? V3_7 : V3_3;
    }
}
