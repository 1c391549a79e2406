package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qapi.QmpIntrospection;
import io.kvmctl.qmp.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShellCompletionTest {
    private static QmpIntrospection schema;
    private static HmpCommands hmp;

    @BeforeAll
    static void loadQemu72Fixtures() throws IOException {
        try (InputStream in = QmpIntrospection.class.getResourceAsStream("query-qmp-schema-7.2.json")) {
            schema = QmpIntrospection.parse(Json.MAPPER.readTree(in));
        }
        hmp = HmpCommands.parse(text("hmp-help-7.2.txt"), text("hmp-help-info-7.2.txt"));
    }

    static String text(String name) throws IOException {
        try (InputStream in = ShellCompletionTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> qmp(String line) {
        return values(ShellCompletion.qmp(schema, line, line.length()));
    }

    private static List<String> values(List<ShellCompletion.Candidate> candidates) {
        return candidates.stream().map(ShellCompletion.Candidate::value).toList();
    }

    @Test
    void firstWordCompletesCommandNamesAsFinishedWords() {
        var candidates = ShellCompletion.qmp(schema, "query-statu", 11);
        assertEquals(List.of(new ShellCompletion.Candidate("query-status", true)), candidates);
        assertTrue(qmp("").containsAll(List.of("help", "exit", "query-status", "device_del")));
        assertTrue(qmp("he").contains("help"));
    }

    @Test
    void argumentNamesComeFromTheCommandsSchemaWithEqualsAndNoSpace() {
        var candidates = ShellCompletion.qmp(schema, "screendump ", 11);
        assertEquals(List.of("filename=", "device=", "head=", "format="), values(candidates));
        assertTrue(candidates.stream().noneMatch(ShellCompletion.Candidate::complete));
        assertEquals(List.of("filename="), qmp("screendump fi"));
    }

    @Test
    void argumentsAlreadyGivenAreNotOfferedAgain() {
        assertEquals(List.of("head=", "format="), qmp("screendump filename=/tmp/x.ppm device=vga0 "));
    }

    @Test
    void enumAndBoolValuesCompleteAfterTheEqualsSign() {
        assertEquals(List.of("format=ppm", "format=png"), qmp("screendump filename=x format="));
        assertEquals(List.of("format=png"), qmp("screendump format=pn"));
        assertEquals(List.of("detach=false", "detach=true"), qmp("migrate detach="));
        assertEquals(List.of(), qmp("screendump filename=/t"));
    }

    @Test
    void theCursorDecidesTheWordNotTheLineEnd() {
        String line = "screendump fi format=png";
        assertEquals(List.of("filename="), values(ShellCompletion.qmp(schema, line, "screendump fi".length())));
    }

    @Test
    void helpCompletesCommandNamesAndNothingAfterIt() {
        assertEquals(List.of("query-stats", "query-stats-schemas", "query-status"), qmp("help query-stat"));
        assertEquals(List.of(), qmp("help query-status "));
    }

    @Test
    void unknownCommandJsonLinesAndOpenQuotesCompleteNothing() {
        assertEquals(List.of(), qmp("no-such-command "));
        assertEquals(List.of(), qmp("{\"execute\": \"query-st"));
        assertEquals(List.of(), qmp("screendump filename='/tmp/a b"));
    }

    @Test
    void hmpCommandsAndAliasesComeFromHmpsOwnHelp() {
        List<String> all = values(ShellCompletion.hmp(hmp, "", 0));
        assertTrue(
                all.containsAll(List.of("exit", "info", "cont", "c", "stop", "s", "drive_add", "xp")), all.toString());
        assertTrue(all.stream().noneMatch(c -> c.startsWith("[") || c.equals("?")), all.toString());
        assertEquals(
                List.of("system_powerdown", "system_reset", "system_wakeup"),
                values(ShellCompletion.hmp(hmp, "system_", 7)));
    }

    @Test
    void hmpInfoCompletesTopicsAndHelpCompletesCommands() {
        assertEquals(List.of("status"), values(ShellCompletion.hmp(hmp, "info statu", 10)));
        assertTrue(values(ShellCompletion.hmp(hmp, "info ", 5))
                .containsAll(List.of("block", "cpus", "registers", "qtree")));
        assertEquals(
                List.of("qemu-io", "qom-get", "qom-list", "qom-set", "quit", "q"),
                values(ShellCompletion.hmp(hmp, "help q", 6)));
        assertEquals(List.of(), values(ShellCompletion.hmp(hmp, "stop now ", 9)));
    }

    @Test
    void helpShowsArgumentsWithTypeAndOptionalityAndTheReply() {
        assertEquals("""
                screendump
                  arguments:
                    filename  str
                    device    str, optional
                    head      int, optional
                    format    enum: ppm|png, optional
                  returns: nothing ({})""", QmpHelpText.command(schema, "screendump"));
        String status = QmpHelpText.command(schema, "query-status");
        assertTrue(
                status.startsWith("query-status\n  arguments: none\n  returns: object\n    running     bool\n"),
                status);
        assertTrue(status.contains("    status      enum: debug|inmigrate|"), status);
    }

    @Test
    void helpForATypoSuggestsTheCommand() {
        assertEquals(
                "error: unknown QMP command 'query-staus'; did you mean 'query-status'?",
                QmpHelpText.command(schema, "query-staus"));
        assertTrue(QmpHelpText.overview(schema.commandNames()).contains(" commands:\n"));
    }
}
