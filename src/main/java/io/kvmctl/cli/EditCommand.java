package io.kvmctl.cli;

import io.kvmctl.profile.ProfileException;
import io.kvmctl.store.DefinitionException;
import io.kvmctl.store.VmDefinitions;
import io.kvmctl.text.DiskFull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "edit",
        mixinStandardHelpOptions = true,
        description = {
            "Edit a defined VM's profile in $VISUAL or $EDITOR (else vi). It is stored only once it is valid: an"
                    + " invalid one reopens with the errors on top (save it unchanged, or empty it, to give up).",
            "A running VM keeps what it started with; the change applies at its next start ('kvmctl info' says so)."
        })
final class EditCommand extends VmCommand {
    /** Lines kvmctl puts on top of a reopened profile; removed before it is read back. */
    static final String ERROR_PREFIX = "# kvmctl edit: ";

    @Parameters(index = "0", paramLabel = "NAME", description = "The defined VM")
    String name;

    @Override
    public Integer call() throws IOException, InterruptedException {
        VmDefinitions definitions = VmDefinitions.fromEnvironment();
        Path stored;
        try {
            stored = definitions.profileOf(name);
        } catch (DefinitionException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        String original = Files.readString(stored);
        // The copy being edited sits beside the definition (a 0700 folder), never in a shared /tmp.
        Path copy = stored.resolveSibling(".edit-" + ProcessHandle.current().pid() + ".yaml");
        String shown = original;
        try {
            while (true) {
                try {
                    Files.deleteIfExists(copy);
                    Files.createFile(
                            copy, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(copy, shown);
                } catch (IOException e) {
                    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    return fail("could not write the copy to edit (" + copy + "): " + reason
                            + DiskFull.hint(reason, copy).orElse("") + "; the definition is unchanged");
                }
                int editor = runEditor(copy);
                if (editor != 0) {
                    return fail("the editor exited with status " + editor + "; the definition is unchanged");
                }
                String edited = Files.readString(copy);
                String text = withoutErrors(edited);
                if (text.isBlank()) {
                    return fail("edit cancelled (the file was emptied); the definition is unchanged");
                }
                if (text.equals(original)) {
                    out().println("VM " + name + ": no change");
                    return 0;
                }
                if (edited.equals(shown) && !shown.equals(original)) {
                    return fail("edit cancelled: the profile was saved unchanged with its errors; the definition is"
                            + " unchanged");
                }
                try {
                    definitions.replace(name, text);
                } catch (ProfileException e) {
                    shown = errorsOnTop(e) + text;
                    continue;
                } catch (DefinitionException e) {
                    shown = ERROR_PREFIX + e.getMessage() + "\n" + text;
                    continue;
                }
                out().println("VM " + name + ": definition changed (" + stored + ")");
                if (Files.exists(root().vm(name).path())) {
                    out().println("  it runs with its old definition until its next start: kvmctl down " + name
                            + ", then kvmctl up " + name);
                }
                return 0;
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** $VISUAL, else $EDITOR, else vi, through the shell as git does, so "code --wait" works as a value. */
    private static int runEditor(Path file) throws IOException, InterruptedException {
        String editor = System.getenv("VISUAL");
        if (editor == null || editor.isBlank()) {
            editor = System.getenv("EDITOR");
        }
        if (editor == null || editor.isBlank()) {
            editor = "vi";
        }
        return new ProcessBuilder("/bin/sh", "-c", editor + " \"$1\"", "kvmctl-edit", file.toString())
                .inheritIO()
                .start()
                .waitFor();
    }

    static String errorsOnTop(ProfileException e) {
        return ERROR_PREFIX + "this profile is invalid, so it was not stored; fix it and save (or empty the file"
                + " to give up):\n"
                + e.problems().stream()
                        .map(p -> ERROR_PREFIX + p.toString().replace("\n", " "))
                        .collect(Collectors.joining("\n"))
                + "\n";
    }

    static String withoutErrors(String text) {
        return text.lines().filter(l -> !l.startsWith(ERROR_PREFIX)).collect(Collectors.joining("\n"))
                + (text.endsWith("\n") ? "\n" : "");
    }
}
