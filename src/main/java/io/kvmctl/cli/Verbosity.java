package io.kvmctl.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The global {@code -q}/{@code -v} of {@link KvmctlCommand}, which every subcommand inherits: quiet drops progress
 * and information lines on stderr (never errors, never the data asked for), verbose adds detail such as QEMU's
 * argv and QMP traffic. Kept on the root command object rather than in a static, so in-process runs do not see each
 * other's flags.
 */
enum Verbosity {
    QUIET,
    NORMAL,
    VERBOSE;

    /** The level the command line of {@code spec} was given; NORMAL for a command run on its own (tests). */
    static Verbosity of(CommandSpec spec) {
        return spec.root().userObject() instanceof KvmctlCommand k ? k.verbosity() : NORMAL;
    }

    /** Prints an information line (progress, notes, "waiting for ...") unless quiet. */
    static void info(CommandSpec spec, String line) {
        if (of(spec) != QUIET) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(line);
            err.flush();
        }
    }

    /** Prints a detail line only with -v. */
    static void detail(CommandSpec spec, String line) {
        if (of(spec) == VERBOSE) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(line);
            err.flush();
        }
    }
}
