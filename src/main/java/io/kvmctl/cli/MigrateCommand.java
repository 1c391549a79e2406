package io.kvmctl.cli;

import io.kvmctl.cli.json.MigrateJson;
import io.kvmctl.migrate.Migration;
import io.kvmctl.migrate.MigrationCancel;
import io.kvmctl.migrate.MigrationOptions;
import io.kvmctl.migrate.MigrationResult;
import io.kvmctl.migrate.MigrationStats;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "migrate",
        description = {
            "Live-migrate a VM to a new QEMU on this host (--local), or to a destination host (--to) that runs "
                    + "'kvmctl up PROFILE --incoming tcp:ADDR:PORT' (or '--incoming defer' and then "
                    + "'kvmctl migrate NAME --listen URI', needed for --multifd, --postcopy, --compress and --tls).",
            "The source is stopped only once the destination has the guest. On a failure, Ctrl-C, a lost connection or "
                    + "no convergence the migration is cancelled and the source keeps running."
        },
        footer = {
            "%nExit codes: 0 migrated (or listening), 1 failed or cancelled (the source runs on), 2 bad input or error."
        })
final class MigrateCommand extends VmCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(
                names = "--local",
                description = "Migrate to a new QEMU on this host (same devices, from the recorded profile)")
        boolean local;

        @Option(
                names = "--to",
                paramLabel = "URI",
                description = "Migrate to a destination that listens, e.g. tcp:10.0.0.2:4444")
        String to;

        @Option(
                names = "--listen",
                paramLabel = "URI",
                description = "On the destination (started with --incoming defer): "
                        + "apply the options and listen on URI, e.g. tcp:0.0.0.0:4444")
        String listen;

        @Option(names = "--start-postcopy", description = "Switch the migration running from this VM to postcopy now")
        boolean startPostcopy;
    }

    @Option(names = "--name", paramLabel = "NEW", description = "With --local: the destination's name (default: NAME)")
    String newName;

    @Option(
            names = "--qemu",
            paramLabel = "PATH",
            converter = QemuBinaryConverter.class,
            description = "With --local: the destination's QEMU binary, e.g. a newer QEMU (default: the source's); "
                    + "it must have the VM's machine type (see 'kvmctl status NAME')")
    Path qemu;

    @Option(
            names = "--max-bandwidth",
            paramLabel = "SIZE",
            description = "Per second, e.g. 100M (default: no limit; " + "QEMU's own default is 128M)")
    String maxBandwidth;

    @Option(
            names = "--downtime-limit",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "Longest planned pause at the switch-over: " + DurationConverter.SYNTAX
                            + " (was milliseconds before: write 50ms, not 50) (default: 50ms, raised to QEMU's 300 when the guest does not converge within --max-iterations passes)")
    Duration downtimeLimit;

    @Option(names = "--multifd", paramLabel = "N", description = "Send RAM over N parallel connections")
    Integer multifd;

    @Option(
            names = "--auto-converge",
            description = "Throttle the guest's vCPUs when it dirties RAM faster than it is sent")
    boolean autoConverge;

    @Option(
            names = "--postcopy",
            description = "Allow postcopy: switch when the migration does not converge, after "
                    + "--postcopy-after passes, or on 'kvmctl migrate NAME --start-postcopy'")
    boolean postcopy;

    @Option(
            names = "--postcopy-after",
            paramLabel = "N",
            description = "With --postcopy: switch after N passes over RAM")
    Integer postcopyAfter;

    @Option(names = "--xbzrle", description = "Send deltas of re-dirtied pages (XBZRLE)")
    boolean xbzrle;

    @Option(names = "--compress", description = "Compress pages (QEMU's compress capability, or zlib with --multifd)")
    boolean compress;

    @Option(
            names = "--tls",
            paramLabel = "DIR",
            description = "Encrypt with x509 credentials from DIR (ca-cert.pem, "
                    + "client-*.pem on the source, server-*.pem on the destination)")
    Path tls;

    @Option(
            names = "--max-iterations",
            paramLabel = "N",
            defaultValue = "" + MigrationOptions.DEFAULT_MAX_ITERATIONS,
            description =
                    "Passes over RAM before a migration that does not converge is switched to postcopy (with "
                            + "--postcopy) or cancelled (default: ${DEFAULT-VALUE}; with --auto-converge: once the vCPU throttle is at its maximum, 10 more)")
    int maxIterations;

    @Option(
            names = "--stall-timeout",
            paramLabel = "DURATION",
            defaultValue = "20s",
            converter = DurationConverter.class,
            description = "Cancel when no byte moved for this long: " + DurationConverter.SYNTAX
                    + " (default: ${DEFAULT-VALUE})")
    Duration stallTimeout;

    @Option(
            names = "--keep-source",
            description = "With --to: leave the migrated source QEMU paused instead of stopping it")
    boolean keepSource;

    @Option(names = "--progress", description = "Print a progress line every poll even when not on a terminal")
    boolean progressLines;

    @Option(names = "--json", description = "Print the final statistics as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        MigrationOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        if (newName != null && !mode.local) {
            return fail("--name is for --local migrations (a remote destination is named by its 'kvmctl up')");
        }
        if (qemu != null && !mode.local) {
            return fail("--qemu is for --local migrations (a remote destination runs the QEMU its 'kvmctl up' chose)");
        }
        try {
            if (mode.startPostcopy) {
                try (Vm vm = attach(name)) {
                    Migration.of(vm).startPostcopy();
                }
                out().println("VM " + name + ": switching to postcopy");
                return 0;
            }
            if (mode.listen != null) {
                try (Vm vm = attach(name)) {
                    Migration.of(vm).withOptions(options).listen(mode.listen);
                }
                out().println("VM " + name + " listens for the migration on " + mode.listen);
                return 0;
            }
            return migrate(options);
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
    }

    private int migrate(MigrationOptions options) throws IOException {
        MigrationCancel cancel = new MigrationCancel();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C becomes migrate_cancel: the hook holds the JVM until the source is running again.
        java.util.concurrent.atomic.AtomicInteger code =
                new java.util.concurrent.atomic.AtomicInteger(KvmctlCommand.EXIT_NEGATIVE);
        ShutdownHook hook = ShutdownHook.register(
                () -> {
                    cancel.cancel("interrupted (Ctrl-C or SIGTERM)");
                    try {
                        finished.await(90, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    out().flush();
                    err().flush();
                    // The JVM would exit with 128+signal; the code should say how the migration ended, as documented.
                    Runtime.getRuntime().halt(code.get());
                },
                "kvmctl-migrate-cancel");
        ProgressPrinter printer = new ProgressPrinter(
                err(),
                Terminal.interactive() && Verbosity.of(spec) != Verbosity.QUIET,
                (progressLines || Verbosity.of(spec) == Verbosity.VERBOSE) && !json,
                Verbosity.of(spec) != Verbosity.QUIET);
        try {
            MigrationResult result =
                    mode.local ? migrateLocally(options, printer, cancel) : migrateTo(options, printer, cancel);
            printer.end();
            if (json) {
                out().println(CliJson.write(MigrateJson.KIND, MigrateJson.of(result)));
            } else {
                out().println("VM " + name + ": " + result.explanation());
                if (result.completed()) {
                    MigrationStats s = result.stats();
                    out().printf(
                                    "  total %d ms, downtime %d ms, setup %d ms, %s sent in %d passes%n",
                                    s.totalTimeMs(),
                                    s.downtimeMs(),
                                    s.setupTimeMs(),
                                    mib(s.ramTransferred()),
                                    s.iteration());
                }
            }
            out().flush();
            code.set(result.completed() ? 0 : KvmctlCommand.EXIT_NEGATIVE);
            return code.get();
        } finally {
            printer.end();
            err().flush();
            finished.countDown();
            hook.close(); // a hook that runs already returns now that the latch is open
        }
    }

    /**
     * By name, not through an attached Vm: when an earlier migration's kvmctl was killed after stopping the source,
     * the guest runs under NAME.incoming and there is no VM NAME until the migration has settled that.
     */
    private MigrationResult migrateLocally(MigrationOptions options, ProgressPrinter printer, MigrationCancel cancel)
            throws IOException {
        Migration migration = Migration.of(root(), name)
                .withOptions(options)
                .onProgress(printer)
                .onStep(printer::note)
                .cancelledBy(cancel);
        if (qemu != null) {
            migration = migration.withDestinationQemu(qemu);
        }
        return newName == null ? migration.local() : migration.local(newName);
    }

    private MigrationResult migrateTo(MigrationOptions options, ProgressPrinter printer, MigrationCancel cancel)
            throws IOException {
        try (Vm vm = attach(name)) {
            Migration migration =
                    Migration.of(vm).withOptions(options).onProgress(printer).cancelledBy(cancel);
            return (keepSource ? migration.keepingSource() : migration).to(mode.to);
        }
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    MigrationOptions options() {
        MigrationOptions o =
                MigrationOptions.defaults().withMaxIterations(maxIterations).withStallTimeout(stallTimeout);
        if (maxBandwidth != null) {
            o = o.withMaxBandwidth(SizeConverter.parse(maxBandwidth).bytes());
        }
        if (downtimeLimit != null) {
            o = o.withDowntimeLimit(downtimeLimit);
        }
        if (multifd != null) {
            o = o.withMultifd(multifd);
        }
        if (autoConverge) {
            o = o.withAutoConverge();
        }
        if (postcopy || postcopyAfter != null) {
            if (!postcopy) {
                throw new IllegalArgumentException("--postcopy-after needs --postcopy");
            }
            o = o.withPostcopy(postcopyAfter == null ? OptionalInt.empty() : OptionalInt.of(postcopyAfter));
        }
        if (xbzrle) {
            o = o.withXbzrle();
        }
        if (compress) {
            o = o.withCompress();
        }
        if (tls != null) {
            o = o.withTls(tls.toAbsolutePath());
        }
        return o;
    }

    /** Progress on stderr: one rewritten line on a terminal, or one line per poll with --progress. */
    private static final class ProgressPrinter implements Consumer<MigrationStats> {
        private final java.io.PrintWriter err;
        private final boolean terminal;
        private final boolean lines;
        private final boolean notes;
        private boolean dirty;

        ProgressPrinter(java.io.PrintWriter err, boolean terminal, boolean lines, boolean notes) {
            this.err = err;
            this.terminal = terminal;
            this.lines = lines;
            this.notes = notes;
        }

        @Override
        public void accept(MigrationStats s) {
            if (lines) {
                err.println(s.progressLine());
                err.flush();
            } else if (terminal) {
                err.print("\r\033[K" + s.progressLine());
                err.flush();
                dirty = true;
            }
        }

        /**
         * A step of a local migration, on its own line: what kvmctl did to which QEMU matters most when it
         * settled what an interrupted (killed) kvmctl left behind.
         */
        void note(String note) {
            end();
            if (!notes) {
                return;
            }
            err.println("kvmctl migrate: " + note);
            err.flush();
        }

        void end() {
            if (dirty) {
                err.println();
                dirty = false;
            }
        }
    }
}
