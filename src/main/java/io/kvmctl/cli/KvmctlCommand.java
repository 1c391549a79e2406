package io.kvmctl.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root {@code kvmctl} command. Each subcommand is its own class in this package; register new ones in
 * {@link #SUBCOMMANDS}, under the name their {@code @Command} gives.
 */
@Command(
        name = "kvmctl",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        description = "Run and control QEMU/KVM virtual machines without libvirt.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the operation ran and its answer is no (e.g. KVM not usable, a script step failed)",
            "2:usage error, bad input or internal error",
        })
public final class KvmctlCommand implements Runnable {
    /**
     * Every subcommand, in the order {@code kvmctl --help} lists them. The names repeat each class's
     * {@code @Command(name)} (a test checks they agree) so that finding the invoked command reads no annotations:
     * reading them loads every command class and its subcommands, which a short command should not pay for.
     */
    static final List<Subcommand> SUBCOMMANDS = List.of(
            sub("probe", ProbeCommand.class),
            sub("demo", DemoCommand.class),
            sub("create", CreateCommand.class),
            sub("define", DefineCommand.class),
            sub("undefine", UndefineCommand.class),
            sub("edit", EditCommand.class),
            sub("info", InfoCommand.class),
            sub("autostart", AutostartCommand.class),
            sub("up", UpCommand.class),
            sub("down", DownCommand.class),
            sub("list", ListCommand.class),
            sub("status", StatusCommand.class),
            sub("console", ConsoleCommand.class),
            sub("ssh", SshCommand.class),
            sub("ip", IpCommand.class),
            sub("logs", LogsCommand.class),
            sub("pause", RunControlCommand.Pause.class),
            sub("resume", RunControlCommand.Resume.class),
            sub("reset", RunControlCommand.Reset.class),
            sub("migrate", MigrateCommand.class),
            sub("nic", NicCommand.class),
            sub("device", DeviceCommand.class),
            sub("memory", MemoryCommand.class),
            sub("limits", LimitsCommand.class),
            sub("cpus", CpusCommand.class),
            sub("snapshot", SnapshotCommand.class),
            sub("clone", CloneCommand.class),
            sub("stats", StatsCommand.class),
            sub("top", TopCommand.class),
            sub("image", ImageCommand.class),
            sub("vnc", VncCommand.class),
            sub("screenshot", ScreenshotCommand.class),
            sub("qmp", QmpCommand.class),
            sub("qmp-shell", QmpShellCommand.class),
            sub("events", EventsCommand.class),
            sub("script", ScriptCommand.class),
            sub("web", WebCommand.class),
            sub("cmdline", CmdlineCommand.class),
            sub("systemd-unit", SystemdUnitCommand.class),
            sub("completion", CompletionCommand.class));

    /** A subcommand's name and class. */
    record Subcommand(String name, Class<?> type) {}

    private static Subcommand sub(String name, Class<?> type) {
        return new Subcommand(name, type);
    }

    /** Exit code: the command ran and its answer is negative. */
    public static final int EXIT_NEGATIVE = 1;
    /** Exit code: usage error, bad input or internal error. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private boolean quiet;
    private boolean verbose;

    // INHERIT: every subcommand takes them (kvmctl up -q ...), and they set these fields of the root object.
    @CommandLine.Option(
            names = {"-q", "--quiet"},
            scope = CommandLine.ScopeType.INHERIT,
            description = "Print no progress or information lines on stderr (errors and the data asked for still)")
    void quiet(boolean on) {
        quiet = on;
    }

    @CommandLine.Option(
            names = {"-v", "--verbose"},
            scope = CommandLine.ScopeType.INHERIT,
            description = "Print more detail on stderr: QEMU's command line on up, QMP commands and reply times")
    void verbose(boolean on) {
        verbose = on;
    }

    /** Quiet wins over verbose: a script that asks for silence gets it. */
    Verbosity verbosity() {
        return quiet ? Verbosity.QUIET : verbose ? Verbosity.VERBOSE : Verbosity.NORMAL;
    }

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
        String first = firstAfterGlobalOptions(commandLineArgs);
        Class<?> invoked = subcommandNamed(first);
        if (invoked != null) {
            cmd.addSubcommand(invoked);
        } else if (!first.equals("-V") && !first.equals("--version")) {
            cmd.addSubcommand(CommandLine.HelpCommand.class);
            SUBCOMMANDS.forEach(sub -> cmd.addSubcommand(sub.type()));
        }
        HelpLayout.apply(cmd);
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

    /** The global options (-q, -v) may come before the command: {@code kvmctl -q list} builds only list. */
    private static String firstAfterGlobalOptions(String[] args) {
        for (String arg : args) {
            if (!GLOBAL_FLAGS.contains(arg)) {
                return arg;
            }
        }
        return "";
    }

    private static final java.util.Set<String> GLOBAL_FLAGS = java.util.Set.of("-q", "--quiet", "-v", "--verbose");

    private static Class<?> subcommandNamed(String name) {
        for (Subcommand sub : SUBCOMMANDS) {
            if (sub.name().equals(name)) {
                return sub.type();
            }
        }
        return null;
    }
}
