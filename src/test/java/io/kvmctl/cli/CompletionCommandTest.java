package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources {@code kvmctl completion bash} in a real bash and drives its completion function as bash does on TAB
 * (COMP_WORDS, COMP_CWORD), with VM names answered by a real kvmctl process over a private runtime root and store.
 */
class CompletionCommandTest {
    @TempDir
    Path dir;

    Path script;

    @BeforeEach
    void writeScriptAndLauncher() throws IOException {
        CliRun run = CliRun.of("completion", "bash");
        assertEquals(0, run.code(), run.all());
        script = Files.writeString(dir.resolve("kvmctl.bash"), run.out());
        // The script asks the kvmctl being completed for VM names: a launcher on PATH for these classes.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(
                bin.resolve("kvmctl"),
                "#!/bin/bash\nexec '" + java + "' --enable-native-access=ALL-UNNAMED -cp '" + classPath()
                        + "' io.kvmctl.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(bin.resolve("kvmctl"), PosixFilePermissions.fromString("rwx------"));
        for (String folder : List.of("runtime/web-1", "store/db-1")) {
            Files.createDirectories(dir.resolve(folder));
        }
        Files.writeString(dir.resolve("store/db-1/profile.yaml"), "name: db-1\n");
        for (String folder : List.of("runtime", "runtime/web-1", "store", "store/db-1")) {
            Files.setPosixFilePermissions(dir.resolve(folder), PosixFilePermissions.fromString("rwx------"));
        }
        Files.writeString(dir.resolve("desktop.yaml"), "name: desktop\n");
        Files.writeString(dir.resolve("notes.txt"), "not a profile\n");
    }

    @Test
    void completesCommandsByPrefix() throws Exception {
        assertEquals(List.of("stats", "status"), complete("kvmctl", "st"));
    }

    @Test
    void completesOptionsOfACommand() throws Exception {
        assertTrue(complete("kvmctl", "status", "--j").contains("--json"));
    }

    @Test
    void completesRunningAndDefinedVmNamesWhereACommandTakesName() throws Exception {
        assertEquals(List.of("db-1", "web-1"), complete("kvmctl", "status", ""));
        assertEquals(List.of("web-1"), complete("kvmctl", "snapshot", "save", "w"));
    }

    @Test
    void completesNoVmNameWhereTheNameIsTaken() throws Exception {
        assertEquals(List.of(), complete("kvmctl", "snapshot", "save", "web-1", "w"));
    }

    @Test
    void completesProfileFilesButNotOtherFilesWhereACommandTakesProfile() throws Exception {
        List<String> up = complete("kvmctl", "up", "");
        assertTrue(up.containsAll(List.of("db-1", "web-1", "desktop.yaml", "store")), up.toString());
        assertTrue(!up.contains("notes.txt"), up.toString());
        assertTrue(complete("kvmctl", "cmdline", "").contains("desktop.yaml"));
    }

    @Test
    void asksWithoutAShellAndExitsWithUsage() {
        CliRun run = CliRun.of("completion");
        assertEquals(KvmctlCommand.EXIT_USAGE, run.code(), run.all());
        assertTrue(run.err().contains("bash"), run.all());
    }

    @Test
    void zshScriptLoadsTheBashOneThroughBashcompinit() {
        CliRun run = CliRun.of("completion", "zsh");
        assertEquals(0, run.code(), run.all());
        assertTrue(run.out().startsWith("#compdef kvmctl\n"), run.out());
        assertTrue(run.out().contains("bashcompinit"));
        assertTrue(run.out().contains("_kvmctl_dynamic_words"));
    }

    /** Surefire runs the tests on the module path: both paths, as one class path. */
    private static String classPath() {
        return System.getProperty("java.class.path") + ":" + System.getProperty("jdk.module.path", "");
    }

    /** What bash's completion offers for the command line {@code words}, whose last word is being completed. */
    private List<String> complete(String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append('\'').append(w).append("' ");
        }
        String driver = "source '" + script + "'\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"\n"
                + "_complete_kvmctl\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", driver).directory(dir.toFile());
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("KVMCTL_RUNTIME_DIR", dir.resolve("runtime").toString());
        pb.environment().put("KVMCTL_STORE_DIR", dir.resolve("store").toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process bash = pb.start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(60, TimeUnit.SECONDS), "bash did not finish");
        assertEquals(0, bash.exitValue(), out);
        return out.lines().filter(l -> !l.isEmpty()).sorted().toList();
    }
}
