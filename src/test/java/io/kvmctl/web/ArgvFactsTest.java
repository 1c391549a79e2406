package io.kvmctl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgvFactsTest {
    @Test
    void readsCpusMemoryAndVnc() {
        assertEquals(
                new ArgvFacts(2, 512L << 20, true),
                ArgvFacts.of(List.of("qemu", "-smp", "cpus=2,maxcpus=4", "-m", "size=512M", "-vnc", "unix:x")));
        assertEquals(new ArgvFacts(4, 1L << 30, false), ArgvFacts.of(List.of("-smp", "4", "-m", "1G")));
        assertEquals(new ArgvFacts(null, 256L << 20, false), ArgvFacts.of(List.of("-m", "256")));
        assertEquals(ArgvFacts.NONE, ArgvFacts.of(List.of()));
    }
}
