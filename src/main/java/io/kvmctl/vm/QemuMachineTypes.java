package io.kvmctl.vm;

import io.kvmctl.qemu.MachineTypes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks a QEMU binary which machine types it has, by running {@code QEMU -machine help} (about 0.1 s, and nothing
 * is started: no accelerator, no monitor, no files). That is cheaper and simpler than QMP's
 * {@code query-machines}, which needs a whole QEMU started with a monitor, and it answers before the VM's own QEMU
 * starts, so its argv names the versioned type and an unknown alias is refused before anything runs. The answer is
 * kept for the life of this process, per binary file (its real path, size and modification time), so a local
 * migration that checks the destination's types and then starts it asks once, and in the user's cache
 * ({@link QemuHelpCache}), so the next kvmctl does not ask either.
 */
public final class QemuMachineTypes {
    private static final long TIMEOUT_SECONDS = 30;
    private static final String QUESTION = "-machine help";

    private record Key(Path realPath, long size, FileTime modified) {}

    private static final Map<Key, MachineTypes> CACHE = new ConcurrentHashMap<>();

    private QemuMachineTypes() {}

    /** The machine types {@code qemu} offers. */
    public static MachineTypes of(Path qemu) throws VmStartException {
        Key key;
        BasicFileAttributes a;
        try {
            Path real = qemu.toRealPath();
            a = Files.readAttributes(real, BasicFileAttributes.class);
            key = new Key(real, a.size(), a.lastModifiedTime());
        } catch (IOException e) {
            throw new VmStartException("QEMU " + qemu + " cannot be read (" + e.getMessage() + "); name an installed "
                    + "qemu-system-x86_64 with --qemu PATH, KVMCTL_QEMU or the profile's 'qemu' field");
        }
        MachineTypes cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        MachineTypes types = QemuHelpCache.read(key.realPath(), a, QUESTION)
                .map(MachineTypes::parse)
                .filter(t -> !t.isEmpty())
                .orElse(null);
        if (types == null) {
            String output = ask(qemu);
            types = MachineTypes.parse(output);
            QemuHelpCache.write(key.realPath(), a, QUESTION, output);
        }
        CACHE.put(key, types);
        return types;
    }

    /**
     * The versioned machine type {@code qemu} runs for {@code requested} ({@code q35 -> pc-q35-7.2}; a versioned
     * type it has is kept as is), or a {@link VmStartException} saying why it has none and what to use.
     */
    public static String resolve(Path qemu, String requested) throws VmStartException {
        MachineTypes types = of(qemu);
        return types.resolve(requested)
                .orElseThrow(() -> new VmStartException("machine: QEMU " + qemu + " " + types.whyUnknown(requested)));
    }

    /** The binary's answer, checked: a listing of at least one machine type. */
    private static String ask(Path qemu) throws VmStartException {
        String output;
        int exit;
        try {
            Process p = new ProcessBuilder(qemu.toString(), "-machine", "help")
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new VmStartException("'" + qemu + " -machine help' did not finish in " + TIMEOUT_SECONDS + " s");
            }
            exit = p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmStartException(
                    "interrupted while asking " + qemu + " for its machine types", new InterruptedIOException());
        } catch (IOException e) {
            throw new VmStartException(
                    "QEMU " + qemu + " could not be run to list its machine types ("
                            + e.getMessage()
                            + "); name an installed qemu-system-x86_64 with --qemu PATH, KVMCTL_QEMU or the"
                            + " profile's 'qemu' field",
                    e);
        }
        MachineTypes types = MachineTypes.parse(output);
        if (exit != 0 || types.isEmpty()) {
            String said = output.strip().lines().findFirst().orElse("nothing");
            throw new VmStartException("'" + qemu + " -machine help' "
                    + (exit != 0 ? "failed (exit " + exit + ")" : "listed no machine type") + " and said: " + said
                    + "; is it a qemu-system-x86_64?");
        }
        return output;
    }
}
