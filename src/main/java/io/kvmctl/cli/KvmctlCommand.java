package io.kvmctl.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root {@code kvmctl} command. Each subcommand is its own class in this package; register new ones in
 * {@link #SUBCOMMANDS}.
 */
@Command(
        name = "kvmctl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run and control QEMU/KVM virtual machines without libvirt.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the operation ran and its answer is no (e.g. KVM not usable, a script step failed)",
            "2:usage error, bad input or internal error",
        })
public final class KvmctlCommand implements Runnable {
    /** Every subcommand, in the order {@code kvmctl --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            ProbeCommand.class,
            DemoCommand.class,
            CreateCommand.class,
            DefineCommand.class,
            UndefineCommand.class,
            EditCommand.class,
            InfoCommand.class,
            AutostartCommand.class,
            UpCommand.class,
            DownCommand.class,
            ListCommand.class,
            StatusCommand.class,
            ConsoleCommand.class,
            SshCommand.class,
            IpCommand.class,
            LogsCommand.class,
            RunControlCommand.Pause.class,
            RunControlCommand.Resume.class,
            RunControlCommand.Reset.class,
            MigrateCommand.class,
            NicCommand.class,
            DeviceCommand.class,
            MemoryCommand.class,
            LimitsCommand.class,
            CpusCommand.class,
            SnapshotCommand.class,
            CloneCommand.class,
            StatsCommand.class,
            TopCommand.class,
            ImageCommand.class,
            VncCommand.class,
            ScreenshotCommand.class,
            QmpCommand.class,
            QmpShellCommand.class,
            EventsCommand.class,
            ScriptCommand.class,
            CmdlineCommand.class,
            SystemdUnitCommand.class);

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
        return newCommandLine(new String[0]);
    }

    /**
     * Like {@link #newCommandLine()}, but builds only the subcommand {@code args} invoke: picocli reflects over a
     * command's annotations when it is added, and doing that for every subcommand costs a few hundred
     * milliseconds of start-up that a single {@code kvmctl probe} should not pay. Help and unknown commands get
     * them all; {@code --help} and {@code --version} of a subcommand still work.
     */
    public static CommandLine newCommandLine(String... commandLineArgs) {
        CommandLine cmd = new CommandLine(new KvmctlCommand());
        String first = commandLineArgs.length == 0 ? "" : commandLineArgs[0];
        Class<?> invoked = subcommandNamed(first);
        if (invoked != null) {
            cmd.addSubcommand(invoked);
        } else if (!first.equals("-V") && !first.equals("--version")) {
            cmd.addSubcommand(CommandLine.HelpCommand.class);
            SUBCOMMANDS.forEach(cmd::addSubcommand);
        }
        cmd.setExitCodeExceptionMapper(t -> EXIT_USAGE);
        cmd.setParameterExceptionHandler(new UsageErrors());
        cmd.setExecutionStrategy(new BeforeEachCommand());
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println("kvmctl: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if ("1".equals(System.getenv("KVMCTL_DEBUG"))) {
                ex.printStackTrace(c.getErr());
            }
            return EXIT_USAGE;
        });
        return cmd;
    }

    private static Class<?> subcommandNamed(String name) {
        for (Class<?> c : SUBCOMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(name) || List.of(command.aliases()).contains(name)) {
                return c;
            }
        }
        return null;
    }
}
