package io.kvmctl.web.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VncAuthenticationTest {
    private static final byte[] CHALLENGE = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /**
     * Computed apart from Java: the key is "secret" zero-padded to 8 bytes with each byte's bits reversed
     * (cea6c64ea62e0000), then standard DES:
     * {@code printf 0123456789abcdef | openssl enc -des-ecb -K cea6c64ea62e0000 -nopad -provider legacy
     * -provider default | xxd -p}.
     */
    @Test
    void answersTheChallengeAsVncsBitReversedDesDoes() {
        assertArrayEquals(
                HexFormat.of().parseHex("752440ee2bfcc2a0d9013fd20371e23b"),
                VncAuthentication.response(CHALLENGE, "secret"));
    }

    @Test
    void usesOnlyThePasswordsFirstEightBytesAsQemuDoes() {
        assertArrayEquals(
                VncAuthentication.response(CHALLENGE, "s3cret42"),
                VncAuthentication.response(CHALLENGE, "s3cret42-and-more"));
    }

    @Test
    void refusesAChallengeThatIsNotSixteenBytes() {
        assertThrows(IllegalArgumentException.class, () -> VncAuthentication.response(new byte[8], "secret"));
    }
}
