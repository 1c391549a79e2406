package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReadyConditionTest {
    @Test
    void parsesTheFourConditions() {
        assertEquals(new ReadyCondition.Ssh(), ReadyCondition.parse("ssh"));
        assertEquals(new ReadyCondition.Agent(), ReadyCondition.parse("agent"));
        assertEquals(new ReadyCondition.Port(8080), ReadyCondition.parse("port:8080"));
        assertEquals(new ReadyCondition.Serial(Pattern.compile("login: ?$")), ReadyCondition.parse("serial:login: ?$"));
    }

    @Test
    void aSerialRegexMayContainColons() {
        ReadyCondition c = ReadyCondition.parse("serial:a:b:c");
        assertEquals("a serial line matching /a:b:c/", c.describe());
    }

    @Test
    void badRegexSaysWhereAndHowToWriteIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ReadyCondition.parse("serial:(login"));
        assertTrue(
                e.getMessage().startsWith("--wait serial:(login: not a regular expression (Unclosed group"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("or agent (with 'agent: true' in the profile)"), e.getMessage());
    }

    @Test
    void refusesPortsOutOfRangeOrNotNumbers() {
        for (String bad : new String[] {"port:0", "port:65536", "port:ssh", "port:", "port:-1", "port:123456"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReadyCondition.parse(bad));
            assertTrue(e.getMessage().contains("is not a port number"), e.getMessage());
        }
    }

    @Test
    void unknownConditionsAndEmptyRegexAreOneLine() {
        assertEquals(
                "--wait sshd: not a condition kvmctl knows; use ssh, serial:REGEX (e.g. serial:'login:'), port:N"
                        + " (a guest TCP port with a hostfwd, 1-65535) or agent (with 'agent: true' in the profile)",
                assertThrows(IllegalArgumentException.class, () -> ReadyCondition.parse("sshd"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReadyCondition.parse("serial:"))
                .getMessage()
                .contains("needs a regular expression"));
    }

    @Test
    void agentIsDescribedForTheLiveLineAndItsRefusalSaysHowToFixIt() {
        assertEquals("the guest agent to answer", new ReadyCondition.Agent().describe());
        String refusal = ReadyCondition.Agent.missingChannel("web");
        assertTrue(refusal.startsWith("--wait agent: VM web has no guest agent channel; add 'agent: true'"), refusal);
        assertTrue(!refusal.contains("\n"), refusal);
    }
}
