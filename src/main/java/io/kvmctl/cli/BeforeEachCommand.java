package io.kvmctl.cli;

import io.kvmctl.files.FolderSettings;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The checks every command gets after parsing and before it runs, so that no command has to remember them: zero or
 * negative durations (a usage error) and folders moved by the environment to somewhere unusable. Cheap: a walk over
 * the parsed options and a stat of each folder variable that is set; nothing native.
 */
final class BeforeEachCommand implements CommandLine.IExecutionStrategy {
    @Override
    public int execute(ParseResult parsed) {
        if (!helpRequested(parsed)) {
            PositiveDurations.check(parsed); // a ParameterException here goes to UsageErrors
            Optional<String> folders = FolderSettings.problem(System.getenv());
            if (folders.isPresent()) {
                CommandLine invoked = invoked(parsed);
                invoked.getErr().println("kvmctl: " + folders.get());
                invoked.getErr().flush();
                return KvmctlCommand.EXIT_USAGE;
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static boolean helpRequested(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.isUsageHelpRequested() || level.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    private static CommandLine invoked(ParseResult parsed) {
        ParseResult level = parsed;
        while (level.subcommand() != null) {
            level = level.subcommand();
        }
        return level.commandSpec().commandLine();
    }
}
