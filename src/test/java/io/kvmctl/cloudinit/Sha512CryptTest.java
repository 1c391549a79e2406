package io.kvmctl.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Sha512CryptTest {
    // The test vectors of Drepper's "Unix crypt using SHA-256 and SHA-512", section "Test vectors".
    @Test
    void matchesTheSpecificationsVectors() {
        assertEquals(
                "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
                Sha512Crypt.hash("Hello world!", "saltstring", 0));
        assertEquals(
                "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
                Sha512Crypt.hash("Hello world!", "saltstringsaltstring", 10000));
        assertEquals(
                "$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0",
                Sha512Crypt.hash("This is just a test", "toolongsaltstring", 5000));
        assertEquals(
                "$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.",
                Sha512Crypt.hash("the minimum number is still observed", "roundstoolow", 10));
    }

    @Test
    void freshHashesDifferBySaltAndAreRecognisedAsHashes() {
        String first = Sha512Crypt.hash("secret");
        String second = Sha512Crypt.hash("secret");
        assertNotEquals(first, second);
        assertTrue(first.startsWith("$6$") && first.length() == 3 + 16 + 1 + 86, first);
        assertTrue(Sha512Crypt.isHash(first));
        assertFalse(Sha512Crypt.isHash("secret"));
        assertFalse(Sha512Crypt.isHash("$6$ has spaces"));
    }
}
