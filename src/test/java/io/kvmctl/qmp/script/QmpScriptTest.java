package io.kvmctl.qmp.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QmpScriptTest {
    @Test
    void parsesEveryStepKind() throws Exception {
        QmpScript script = QmpScript.parse("""
                timeout: 5s
                steps:
                  - execute: query-status
                    expect: {status: prelaunch}
                  - execute: device_del
                    arguments: {id: nope}
                    expect-error: DeviceNotFound
                  - wait-event: STOP
                    match: {}
                    timeout: 2s
                  - hmp: info version
                    expect: "7.2"
                  - sleep: 100ms
                """, "t.yaml");
        assertEquals(5, script.steps().size());
        ScriptStep.Execute first =
                assertInstanceOf(ScriptStep.Execute.class, script.steps().get(0));
        assertEquals(Duration.ofSeconds(5), first.timeout());
        assertEquals("prelaunch", first.expect().get("status").asString());
        assertEquals("DeviceNotFound", ((ScriptStep.Execute) script.steps().get(1)).expectError());
        assertEquals(
                Duration.ofSeconds(2), ((ScriptStep.WaitEvent) script.steps().get(2)).timeout());
        assertEquals("7.2", ((ScriptStep.Hmp) script.steps().get(3)).expect());
        assertEquals(
                new ScriptStep.Sleep(Duration.ofMillis(100)), script.steps().get(4));
    }

    @Test
    void aPlainListOfStepsIsAScriptToo() throws Exception {
        assertEquals(
                2,
                QmpScript.parse("- execute: stop\n- execute: cont\n", "t.yaml")
                        .steps()
                        .size());
    }

    @Test
    void unknownKeyIsReportedWithStepNumberAndAllowedKeys() {
        QmpScript.InvalidScriptException e = assertThrows(
                QmpScript.InvalidScriptException.class,
                () -> QmpScript.parse("- execute: stop\n- execute: cont\n  expekt: {}\n", "t.yaml"));
        assertEquals(
                "t.yaml step 2: unknown key 'expekt' for execute (allowed: execute, arguments, expect, "
                        + "expect-error, timeout)",
                e.getMessage());
    }

    @Test
    void stepWithoutAKindIsReported() {
        QmpScript.InvalidScriptException e =
                assertThrows(QmpScript.InvalidScriptException.class, () -> QmpScript.parse("- exec: stop\n", "t.yaml"));
        assertEquals(
                "t.yaml step 1: a step needs exactly one of execute, wait-event, hmp, sleep (found none among "
                        + "[exec])",
                e.getMessage());
    }

    @Test
    void badDurationIsReported() {
        QmpScript.InvalidScriptException e = assertThrows(
                QmpScript.InvalidScriptException.class, () -> QmpScript.parse("- sleep: soon\n", "t.yaml"));
        assertEquals(
                "t.yaml step 1: sleep: 'soon' is not a duration; write e.g. 500ms, 30s, 2m or 1h (a bare number is seconds)",
                e.getMessage());
    }

    @Test
    void listsAndMappingsWhereTextBelongsAreReportedNotThrown() {
        // Jackson 3's asString() throws an unchecked exception on these; the script must get a clear error.
        for (String yaml : new String[] {
            "- sleep: {}\n",
            "- sleep: [1]\n",
            "- hmp: info status\n  expect: [a]\n",
            "- execute: [stop]\n",
            "- wait-event: {a: 1}\n",
            "- execute: stop\n  timeout: {}\n"
        }) {
            assertThrows(QmpScript.InvalidScriptException.class, () -> QmpScript.parse(yaml, "t.yaml"), yaml);
        }
    }

    @Test
    void emptyScriptIsReported() {
        assertThrows(QmpScript.InvalidScriptException.class, () -> QmpScript.parse("steps: []\n", "t.yaml"));
    }
}
