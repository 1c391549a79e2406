package io.kvmctl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root {@code kvmctl} command. Each subcommand is its own class in this package; register new ones in the
 * {@code subcommands} list below.
 */
@Command(
        name = "kvmctl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run and control QEMU/KVM virtual machines without libvirt.",
        subcommands = {
            CommandLine.HelpCommand.class,
            UpCommand.class,
            DownCommand.class,
            ListCommand.class,
            StatusCommand.class,
            RunControlCommand.Pause.class,
            RunControlCommand.Resume.class,
            RunControlCommand.Reset.class,
            ConsoleCommand.class,
            LogsCommand.class,
            SystemdUnitCommand.class,
            CmdlineCommand.class,
            ProbeCommand.class,
            DemoCommand.class,
            MigrateCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the operation ran and its answer is no (e.g. KVM not usable, a script step failed)",
            "2:usage error, bad input or internal error",
        })
public final class KvmctlCommand implements Runnable {
    /** Exit code: the command ran and its answer is negative. */
    public static final int EXIT_NEGATIVE = 1;
    /** Exit code: usage error, bad input or internal error. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * A configured command line: usage errors exit with {@link #EXIT_USAGE}, and an exception that escapes a
     * command prints as one line (the stack trace only with {@code KVMCTL_DEBUG=1}).
     */
    public static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new KvmctlCommand());
        cmd.setExitCodeExceptionMapper(t -> EXIT_USAGE);
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("kvmctl: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println("kvmctl: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if ("1".equals(System.getenv("KVMCTL_DEBUG"))) {
                ex.printStackTrace(c.getErr());
            }
            return EXIT_USAGE;
        });
        return cmd;
    }
}
