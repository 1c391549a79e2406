package io.kvmctl.cli;

import io.kvmctl.files.Executables;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * For flags naming a QEMU binary ({@code --qemu}): refuses at parse time, before anything is created, a path that
 * is not an executable file.
 */
final class QemuBinaryConverter implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        Path path = Path.of(value);
        java.util.Optional<String> why = Executables.whyNotRunnable(path);
        if (why.isPresent()) {
            throw new CommandLine.TypeConversionException(
                    value + " " + why.get() + "; give the path of a QEMU binary, e.g. /usr/bin/qemu-system-x86_64");
        }
        return path.toAbsolutePath();
    }
}
