package io.kvmctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The HMP commands one QEMU offers, read from its own {@code help} output (and {@code help info} for the info topics),
 * so -H completion matches that QEMU's build and version. Pure: parsed from text.
 */
record HmpCommands(List<String> commands, List<String> infoTopics) {
    /** A command name or alias: QEMU writes aliases as {@code cont|c}; {@code ?} (help's alias) is left out. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    HmpCommands {
        commands = List.copyOf(commands);
        infoTopics = List.copyOf(infoTopics);
    }

    /**
     * From {@code help} and {@code help info}. A command's line starts at column 0 with its names ({@code stop|s  --
     * stop emulation}); wrapped descriptions start with whitespace and wrapped argument lists (drive_add's) with
     * {@code [}, so neither is taken for a command.
     */
    static HmpCommands parse(String help, String helpInfo) {
        List<String> commands = new ArrayList<>();
        for (String line : lines(help)) {
            for (String name : line.split("\\s", 2)[0].split("\\|")) {
                if (NAME.matcher(name).matches() && !commands.contains(name)) {
                    commands.add(name);
                }
            }
        }
        List<String> topics = new ArrayList<>();
        for (String line : lines(helpInfo)) {
            String[] words = line.split("\\s+", 3);
            if (words.length >= 2
                    && words[0].equals("info")
                    && NAME.matcher(words[1]).matches()) {
                topics.add(words[1]);
            }
        }
        return new HmpCommands(commands, topics);
    }

    private static List<String> lines(String text) {
        return text.replace("\r\n", "\n")
                .lines()
                .filter(l -> !l.isEmpty() && !Character.isWhitespace(l.charAt(0)) && l.charAt(0) != '[')
                .toList();
    }
}
