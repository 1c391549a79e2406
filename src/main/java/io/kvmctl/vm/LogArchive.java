package io.kvmctl.vm;

import io.kvmctl.qemu.QemuCommandLine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Keeps the serial and QEMU logs of a VM whose QEMU is gone: appends them, each behind a line saying which run
 * they came from and how QEMU ended (in {@code qemu.log} also its argv, for every run, even a silent one), to {@code serial.log} and {@code qemu.log} in the VM's log folder ({@link LogRoot}), rotated and
 * capped by {@link LogRotation}. Called just before the runtime directory is removed, whoever removes it.
 *
 * <p>Why a copy at the end rather than QEMU writing there itself: QEMU appends to its chardev {@code logfile} and
 * to its stderr without limit and never reopens them, so only a copy can be capped and rotated without a daemon
 * between QEMU and the file (libvirt has virtlogd for that). Copying when the runtime directory goes also covers
 * every way a run ends the same: a {@code down}, a QEMU that died (its directory stays until {@code down}), a
 * kvmctl killed during a start (the next {@code up} or {@code down} of the name cleans up), a local migration (the
 * source's logs are kept when it stops, the destination's later under the same name, in order), and the running
 * VM keeps its logs in its runtime directory, where {@code logs} and {@code console} read them. What it cannot
 * keep is the log of a VM still running when the host goes down ({@code /run} is a tmpfs).
 */
final class LogArchive {
    static final String SERIAL = "serial.log";
    static final String QEMU = "qemu.log";

    private LogArchive() {}

    /**
     * Appends the runtime directory's logs to the VM's log folder.
     *
     * @return the folder, or empty when neither log has anything to keep
     */
    static Optional<Path> keep(VmDirectory dir) throws IOException {
        return keep(dir, LogRoot.of(dir), LogRotation.DEFAULT, true);
    }

    /** For a start that failed, whose error says more: only what QEMU or the guest printed is kept. */
    static Optional<Path> keepWhatWasSaid(VmDirectory dir) throws IOException {
        return keep(dir, LogRoot.of(dir), LogRotation.DEFAULT, false);
    }

    /**
     * @param everyRun whether a run in which QEMU said nothing still gets its line (and argv) in qemu.log, as every
     *     run does in libvirt's, so that the log tells each run and how it ended
     */
    static Optional<Path> keep(VmDirectory dir, LogRoot root, LogRotation rotation, boolean everyRun)
            throws IOException {
        boolean serial = hasContent(dir.serialLog());
        boolean qemu = everyRun ? Files.isRegularFile(dir.qemuLog()) : hasContent(dir.qemuLog());
        // swtpm ({@code tpm: true}) writes only when something goes wrong: kept then, under its own name.
        Path swtpmLog = dir.path().resolve(Swtpm.LOG_FILE);
        boolean swtpm = hasContent(swtpmLog);
        if (!serial && !qemu && !swtpm) {
            return Optional.empty();
        }
        Path folder = root.ensure(dir.name());
        String header = header(dir);
        if (serial) {
            append(rotation, folder, SERIAL, header, dir.serialLog());
        }
        if (qemu) {
            String argv = record(dir)
                    .map(r -> "-- argv: " + QemuCommandLine.shellQuoted(r.argv()) + "\n")
                    .orElse("");
            append(rotation, folder, QEMU, header + argv, dir.qemuLog());
        }
        if (swtpm) {
            append(rotation, folder, Swtpm.LOG_FILE, header, swtpmLog);
        }
        return Optional.of(folder);
    }

    /** Header, then as much of the run's end as the log holds. */
    private static void append(LogRotation rotation, Path folder, String name, String header, Path source)
            throws IOException {
        try (FileChannel in = FileChannel.open(source)) {
            long size = in.size();
            // One file fewer than the log holds, so that however full its newest file is, the rotation keeps this
            // run from its header on (200 bytes for the note below).
            long room =
                    Math.max(0, Math.max(1, rotation.files() - 1) * rotation.maxFileBytes() - header.length() - 200);
            String note = "";
            if (size > room) {
                in.position(size - room);
                note = "-- (the first " + (size - room) + " bytes of this run's " + name + " were dropped: kvmctl "
                        + "keeps the last " + room + " of a run)\n";
            }
            InputStream content = new SequenceInputStream(
                    new ByteArrayInputStream((header + note).getBytes(StandardCharsets.UTF_8)),
                    Channels.newInputStream(in));
            rotation.append(folder, name, content);
        }
    }

    private static String header(VmDirectory dir) throws IOException {
        Optional<VmRecord> record = record(dir);
        String run = record.map(r -> " (QEMU pid " + r.qemuPid() + ", started " + second(r.startedAt()) + ")")
                .orElse("");
        String end =
                QemuSupervisor.recorded(dir).map(s -> "QEMU " + s.describe()).orElse("QEMU's exit status is unknown");
        return "-- kvmctl: VM " + dir.name() + run + ", logs kept " + second(Instant.now()) + "; " + end + "\n";
    }

    private static Optional<VmRecord> record(VmDirectory dir) {
        try {
            return VmRecordStore.read(dir);
        } catch (IOException damaged) {
            return Optional.empty(); // the logs are worth keeping without it
        }
    }

    private static String second(Instant t) {
        return t == null
                ? "at an unknown time"
                : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static boolean hasContent(Path log) throws IOException {
        return Files.isRegularFile(log) && Files.size(log) > 0;
    }
}
