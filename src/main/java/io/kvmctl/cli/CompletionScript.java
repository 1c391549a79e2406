package io.kvmctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The shell completion scripts: picocli's generator completes the commands and options from the command model,
 * and this adds what it cannot know at generation time: VM names (asked of {@code kvmctl completion --names} when
 * TAB is pressed) where a command takes a NAME, and profile files (*.yaml) where it takes a PROFILE.
 */
final class CompletionScript {
    /** Positional labels that name a VM that exists (running or defined). */
    private static final Set<String> VM_LABELS = Set.of("NAME", "VM");
    /** Positional labels that name a profile file. */
    private static final Set<String> PROFILE_LABELS = Set.of("PROFILE", "FILE.yaml");
    /** Commands whose NAME is a new VM's, where existing names are no help. */
    private static final Set<String> NEW_NAME_COMMANDS = Set.of("kvmctl create");

    /** The line picocli ends each command's positional branch with: the dynamic words go in just before it. */
    private static final String PICOCLI_REPLY_LINE =
            "    COMPREPLY=( $(compgen -W \"${commands// /$'\\n'}${IFS}${positionals}\" -- \"${curr_word}\") )";

    private static final String HELPER = """

            # kvmctl: VM names and profile files for a command's positional parameters.
            # $1 = the command's own word, $2 = "FROM-TO:KINDS ..." (n = VM names, p = *.yaml files and folders).
            # VM names come from the kvmctl being completed (running VMs and defined ones), one per line.
            function _kvmctl_dynamic_words() {
              local index entry range kinds cur=${COMP_WORDS[COMP_CWORD]}
              index=$(currentPositionalIndex "$1" "${arg_opts}" "${flag_opts}")
              for entry in $2; do
                range=${entry%%:*} kinds=${entry#*:}
                (( index >= ${range%%-*} && index <= ${range#*-} )) || continue
                if [[ $kinds == *n* ]]; then command "${COMP_WORDS[0]}" completion --names 2>/dev/null; fi
                if [[ $kinds == *p* ]]; then
                  compgen -f -X '!*.yaml' -- "$cur"
                  compgen -f -X '!*.yml' -- "$cur"
                  compgen -d -- "$cur"
                fi
              done
            }
            """;

    private CompletionScript() {}

    /** The bash script for {@code root}, the full command tree. */
    static String bash(CommandLine root) {
        String script = AutoComplete.bash(root.getCommandName(), root);
        StringBuilder out = new StringBuilder(script.length() + 4096);
        String[] lines = script.split("\n", -1);
        String function = null;
        for (String line : lines) {
            if (line.startsWith("function _picocli_")) {
                function = line.substring("function ".length(), line.indexOf('('));
            }
            if (function != null && line.equals(PICOCLI_REPLY_LINE)) {
                addDynamicWords(out, commandOf(root, function));
            }
            if (line.startsWith("complete -F ")) {
                out.append(HELPER).append('\n');
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /**
     * The zsh script: the bash one through zsh's bashcompinit. Works sourced from .zshrc and as an autoloaded
     * {@code _kvmctl} in $fpath (the first TAB defines the functions, then completes through them).
     */
    static String zsh(CommandLine root) {
        return "#compdef " + root.getCommandName() + "\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash(root)
                + "\n# Autoloaded as the completion function: answer the TAB that loaded it.\n"
                + "if [[ -n ${compstate[context]:-} ]]; then _bash_complete -F _complete_kvmctl -o default; fi\n";
    }

    private static void addDynamicWords(StringBuilder out, CommandSpec command) {
        if (command == null) {
            return;
        }
        List<String> ranges = new ArrayList<>();
        boolean files = false;
        for (PositionalParamSpec p : command.positionalParameters()) {
            String kinds = kindsOf(command, p.paramLabel());
            if (!kinds.isEmpty()) {
                CommandLine.Range index = p.index();
                int to = index.isVariable() ? 9999 : index.max();
                ranges.add(index.min() + "-" + to + ":" + kinds);
                files |= kinds.contains("p");
            }
        }
        if (ranges.isEmpty()) {
            return;
        }
        if (files) {
            out.append("    type compopt &>/dev/null && compopt -o filenames 2>/dev/null\n");
        }
        out.append("    positionals+=$'\\n'\"$(_kvmctl_dynamic_words '")
                .append(command.name())
                .append("' '")
                .append(String.join(" ", ranges))
                .append("')\"\n");
    }

    private static String kindsOf(CommandSpec command, String label) {
        String kinds = "";
        for (String part : label.split("\\|")) {
            if (VM_LABELS.contains(part) && !NEW_NAME_COMMANDS.contains(command.qualifiedName())) {
                kinds += "n";
            } else if (PROFILE_LABELS.contains(part)) {
                kinds += "p";
            }
        }
        return kinds;
    }

    /** The command whose picocli completion function is {@code function} ("_picocli_kvmctl_snapshot_save"). */
    private static CommandSpec commandOf(CommandLine root, String function) {
        return find(root, "_picocli_" + bashName(root.getCommandName()), function);
    }

    private static CommandSpec find(CommandLine command, String prefix, String function) {
        if (prefix.equals(function)) {
            return command.getCommandSpec();
        }
        for (var sub : command.getSubcommands().entrySet()) {
            String name = prefix + "_" + bashName(sub.getKey());
            if (function.equals(name) || function.startsWith(name + "_")) {
                CommandSpec found = find(sub.getValue(), name, function);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** picocli's function names keep letters, digits and underscores of a command's name. */
    private static String bashName(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "");
    }
}
