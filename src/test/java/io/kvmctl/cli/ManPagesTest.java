package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class ManPagesTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandAndSubcommandHasAPage() throws IOException {
        ManPages.write(dir);
        var expected = new TreeSet<String>();
        collect(KvmctlCommand.newCommandLine(), expected);
        var written = new TreeSet<String>();
        try (var files = Files.list(dir)) {
            files.forEach(f -> written.add(f.getFileName().toString()));
        }
        assertEquals(expected, written);
        assertTrue(written.contains("kvmctl-snapshot-save.1"), written.toString());
        assertTrue(written.contains("kvmctl-completion.1"), written.toString());
    }

    @Test
    void everyPageIsWellFormedForGroffWithAllWarningsOn() throws Exception {
        assumeTrue(onPath("groff"), "groff is not installed (apt-get install groff)");
        List<Path> pages = ManPages.write(dir);
        List<String> problems = new ArrayList<>();
        for (Path page : pages) {
            Process groff = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", page.toString())
                    .redirectErrorStream(true)
                    .start();
            String warnings = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(groff.waitFor(30, TimeUnit.SECONDS));
            if (groff.exitValue() != 0 || !warnings.isBlank()) {
                problems.add(page.getFileName() + ": " + warnings);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void upPageShowsItsSynopsisOptionsAndExitCodesAsManRendersThem() throws Exception {
        String text = manText("kvmctl-up.1");
        assertTrue(text.matches("(?s).*NAME\\s+kvmctl-up\\s+- Start a defined VM.*"), text);
        for (String expected : List.of("SYNOPSIS", "kvmctl up", "--name", "EXIT STATUS", "kvmctl(1)")) {
            assertTrue(text.contains(expected), "missing '" + expected + "' in:\n" + text);
        }
    }

    @Test
    void rootPageListsTheCommandsWithTheirPagesAndFooterExamplesKeepTheirIndent() throws Exception {
        String root = manText("kvmctl.1");
        assertTrue(root.contains("kvmctl-snapshot(1)"), root);
        assertTrue(!root.contains("\\f"), "a font escape printed literally:\n" + root);
        String completion = manText("kvmctl-completion.1");
        assertTrue(completion.contains("EXAMPLES\n         source <(kvmctl completion bash)\n"), completion);
    }

    private String manText(String page) throws Exception {
        assumeTrue(onPath("man"), "man is not installed (apt-get install man-db)");
        ManPages.write(dir);
        ProcessBuilder pb = new ProcessBuilder("man", "-l", dir.resolve(page).toString()).redirectErrorStream(true);
        pb.environment().put("MANWIDTH", "100");
        Process man = pb.start();
        man.getOutputStream().close();
        String text = new String(man.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(man.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, man.exitValue(), text);
        return text;
    }

    @Test
    void escapesBackslashesMinusesAndLeadingDots() {
        CommandSpec spec = CommandSpec.create().name("demo");
        spec.usageMessage().description(".hidden request?", "a\\b -x");
        String page = ManPage.render(spec, "1.0", java.util.Map.of());
        assertTrue(page.contains("\n\\&.hidden request?\n"), page);
        assertTrue(page.contains("a\\eb \\-x"), page);
    }

    private static void collect(CommandLine command, java.util.Set<String> pages) {
        pages.add(ManPage.pageName(command.getCommandSpec()) + ".1");
        command.getSubcommands().values().forEach(sub -> collect(sub, pages));
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
