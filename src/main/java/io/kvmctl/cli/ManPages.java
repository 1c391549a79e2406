package io.kvmctl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Writes kvmctl's manual pages, kvmctl(1) and kvmctl-COMMAND(1) for every command and subcommand, into a folder.
 * Run at build and install time ({@code make man}); not a kvmctl command, so it adds nothing to a user's start-up.
 */
public final class ManPages {
    private ManPages() {}

    /** {@code ManPages DIR}: writes DIR/kvmctl.1, DIR/kvmctl-up.1, ... */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java io.kvmctl.cli.ManPages DIR");
            System.exit(KvmctlCommand.EXIT_USAGE);
        }
        List<Path> written = write(Path.of(args[0]));
        System.out.println("wrote " + written.size() + " manual pages to " + args[0]);
    }

    /** Writes every page into {@code dir} (created when missing) and returns the files. */
    static List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        CommandLine root = KvmctlCommand.newCommandLine();
        String version = VersionProvider.version() == null ? "development build" : VersionProvider.version();
        Map<String, String> exitCodes = root.getCommandSpec().usageMessage().exitCodeList();
        writeTree(root, dir, version, exitCodes, written);
        return written;
    }

    private static void writeTree(
            CommandLine command, Path dir, String version, Map<String, String> exitCodes, List<Path> written)
            throws IOException {
        var spec = command.getCommandSpec();
        Path file = dir.resolve(ManPage.pageName(spec) + ".1");
        Files.writeString(file, ManPage.render(spec, version, exitCodes));
        written.add(file);
        for (var sub : command.getSubcommands().entrySet()) {
            boolean alias = !sub.getKey().equals(sub.getValue().getCommandName());
            if (!alias && !sub.getValue().getCommandSpec().usageMessage().hidden()) {
                writeTree(sub.getValue(), dir, version, exitCodes, written);
            }
        }
    }
}
