package io.kvmctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SizeAndMacTest {
    @Test
    void sizesAcceptBinaryUnitsInAnySpelling() {
        assertEquals(512L << 20, Size.parse("512M").bytes());
        assertEquals(2L << 30, Size.parse("2G").bytes());
        assertEquals(1L << 30, Size.parse("1GiB").bytes());
        assertEquals(1L << 30, Size.parse("1gb").bytes());
        assertEquals(64L << 10, Size.parse("64 KiB").bytes());
        assertEquals(3L << 40, Size.parse("3T").bytes());
        assertEquals("1536M", Size.parse("1536M").toString());
        assertEquals("2G", Size.parse("2048M").toString());
    }

    @Test
    void sizesWithoutUnitOrWithJunkAreRefused() {
        for (String bad : new String[] {"512", "1.5G", "G", "-1G", "2X", "99999999999999T"}) {
            assertThrows(IllegalArgumentException.class, () -> Size.parse(bad), bad);
        }
    }

    @Test
    void derivedMacIsStableWithQemuPrefixAndDiffersPerNameAndIndex() {
        MacAddress a = MacAddress.derive("web", 0);
        assertEquals(a, MacAddress.derive("web", 0));
        assertTrue(a.text().startsWith("52:54:00:"), a.text());
        assertNotEquals(a, MacAddress.derive("web", 1));
        assertNotEquals(a, MacAddress.derive("db", 0));
        // SHA-256("web/0") starts with these bytes, so the derivation cannot change silently.
        assertEquals("52:54:00:" + java.util.HexFormat.ofDelimiter(":").formatHex(sha256("web/0"), 0, 3), a.text());
    }

    @Test
    void derivedMacsDoNotCollideAcrossAHundredVmsWithFourNics() {
        // 24 hashed bits: a clash among n NICs has probability ~n^2/2^25, about 0.5% for these 400.
        Set<MacAddress> seen = new HashSet<>();
        for (int vm = 0; vm < 100; vm++) {
            for (int nic = 0; nic < 4; nic++) {
                seen.add(MacAddress.derive("vm" + vm, nic));
            }
        }
        assertEquals(400, seen.size());
    }

    @Test
    void macParsingNormalisesAndRefusesMulticast() {
        assertEquals("52:54:00:ab:cd:ef", MacAddress.parse("52-54-00-AB-CD-EF").text());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("01:00:5e:00:00:01"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("52:54:00:00:01"));
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
