package io.kvmctl.profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** An Ethernet MAC address, kept in QEMU's lower-case colon form. */
public record MacAddress(String text) {
    private static final Pattern SYNTAX = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    /** QEMU's (and libvirt's) locally administered-looking OUI for guests. */
    public static final String QEMU_PREFIX = "52:54:00";

    public MacAddress {
        if (!SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address; write six hex pairs with colons,"
                    + " e.g. 52:54:00:12:34:56");
        }
        if ((Integer.parseInt(text.substring(0, 2), 16) & 1) != 0) {
            throw new IllegalArgumentException("'" + text + "' is a multicast address (the first byte is odd); a NIC"
                    + " needs a unicast one, e.g. starting with 52:54:00");
        }
    }

    /** Accepts upper or lower case, with colons or dashes. */
    public static MacAddress parse(String text) {
        return new MacAddress(text.strip().toLowerCase(Locale.ROOT).replace('-', ':'));
    }

    /**
     * A stable address for NIC {@code nicIndex} of VM {@code vmName}: 52:54:00 plus the first three bytes of
     * SHA-256("vmName/nicIndex"). Deterministic, so a VM keeps its address (and its DHCP lease) across restarts, and
     * 24 hashed bits make a clash between the VMs of one host unlikely (about 1 in 16 million per pair).
     */
    public static MacAddress derive(String vmName, int nicIndex) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256")
                    .digest((vmName + "/" + nicIndex).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        return new MacAddress(QEMU_PREFIX + ":" + HexFormat.ofDelimiter(":").formatHex(hash, 0, 3));
    }

    @Override
    public String toString() {
        return text;
    }
}
