package io.kvmctl.probe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads what {@link FirmwareCheck} judges: the virtualization MSR through /dev/cpu/0/msr and the kernel log. Only
 * called when KVM does not work, so a working probe pays nothing for it.
 *
 * <p>Choices, and why. The msr module is not loaded here (kvm-ok runs {@code modprobe msr}): a probe that CI runs on
 * shared hosts should leave the kernel as it found it, so the report says to load it instead. The kernel log comes from
 * {@code dmesg} (the syslog(2) read-all call, which never blocks) and, when that fails or has no matching line (the ring
 * buffer of a long-running host has wrapped past the boot messages), from {@code journalctl -k -b}; not from
 * /dev/kmsg, whose read blocks at the end of the buffer and which Java cannot open non-blocking.
 */
final class FirmwareFactsReader {
    private static final Path MSR_DEVICE = Path.of("/dev/cpu/0/msr");
    private static final long COMMAND_TIMEOUT_SECONDS = 5;

    private FirmwareFactsReader() {}

    /** A kernel log as read, or why it could not be. */
    private record LogRead(Optional<String> text, String problem) {
        boolean hasDisabledLine() {
            return text.flatMap(FirmwareCheck::disabledLine).isPresent();
        }
    }

    static FirmwareFacts read(HostCpu cpu) {
        Optional<VirtualizationExtension> ext = VirtualizationExtension.ofVendor(cpu.vendor());
        LogRead log = kernelLog();
        if (ext.isEmpty()) {
            return FirmwareFacts.noMsr("unknown CPU vendor", log.text(), log.problem());
        }
        String problem;
        try {
            return FirmwareFacts.msr(readMsr(MSR_DEVICE, ext.get().msr()), log.text(), log.problem());
        } catch (NoSuchFileException e) {
            problem = MSR_DEVICE + " is missing: the msr module is not loaded";
        } catch (AccessDeniedException e) {
            problem = MSR_DEVICE + " needs root";
        } catch (IOException e) {
            problem = "reading " + MSR_DEVICE + " failed: " + e.getMessage() + " (the CPU refused the register)";
        }
        return FirmwareFacts.noMsr(problem, log.text(), log.problem());
    }

    /** The 8 bytes at offset {@code msr}: the msr driver maps the file offset to the register number. */
    static long readMsr(Path device, long msr) throws IOException {
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            int n = ch.read(buf, msr);
            if (n != Long.BYTES) {
                throw new IOException("short read (" + n + " bytes)");
            }
            return buf.flip().getLong();
        }
    }

    private static LogRead kernelLog() {
        LogRead dmesg = run(List.of("dmesg"));
        if (dmesg.hasDisabledLine()) {
            return dmesg;
        }
        LogRead journal = run(List.of("journalctl", "-k", "-b", "-q", "--no-pager", "-o", "cat"));
        if (journal.hasDisabledLine()
                || (dmesg.text().isEmpty() && journal.text().isPresent())) {
            return journal;
        }
        if (dmesg.text().isPresent()) {
            return dmesg;
        }
        return new LogRead(Optional.empty(), dmesg.problem() + "; " + journal.problem());
    }

    private static LogRead run(List<String> command) {
        Path out = null;
        try {
            out = Files.createTempFile("kvmctl-probe-", ".log");
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new LogRead(
                        Optional.empty(),
                        command.getFirst() + " gave no answer within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                return new LogRead(
                        Optional.empty(),
                        command.getFirst() + " failed (exit " + p.exitValue() + "; not allowed for this user?)");
            }
            return new LogRead(Optional.of(Files.readString(out, StandardCharsets.UTF_8)), "");
        } catch (IOException e) {
            return new LogRead(Optional.empty(), command.getFirst() + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LogRead(Optional.empty(), "interrupted");
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // A temp file left in /tmp is harmless; the report matters more.
                }
            }
        }
    }
}
