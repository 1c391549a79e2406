// Build step (run by the pom with the JDK's source launcher, JDK 24+): rewrites, in place, every jar in a folder
// whose classes are older than Java 6 (class file version 50) so that they are version 52 with stack maps.
//
// Why: the JDK's ahead-of-time cache (scripts/train-aot) cannot hold classes older than version 50, which need
// the old type-inferring verifier, so they are loaded and verified on every run. picocli's ~170 classes are
// Java 5 class files, and a short kvmctl command loads most of them: rewritten, they come out of the cache.
// Only the version and the stack map frames change (the code is re-emitted unchanged by the JDK's class-file
// API, which computes the frames); a class that uses jsr/ret would need real rewriting, so the step stops.
// A jar is left untouched (same bytes, same mtime) when nothing in it needs upgrading, so the cache stays valid.
//
// Usage: java UpgradeClassFiles.java DIR
import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.instruction.DiscontinuedInstruction;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

public class UpgradeClassFiles {
    static final int OLDEST_CACHEABLE = 50;
    static final int TARGET = 52;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java UpgradeClassFiles.java DIR");
            System.exit(2);
        }
        try (var jars = Files.list(Path.of(args[0]))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                int upgraded = upgrade(jar);
                if (upgraded > 0) {
                    System.out.println("upgrade-class-files: " + jar.getFileName() + ": " + upgraded
                            + " classes from before Java 6 rewritten as version " + TARGET + " with stack maps");
                }
            }
        }
    }

    /** Rewrites {@code jar} when it holds old classes; returns how many were rewritten (0: untouched). */
    static int upgrade(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.stream().noneMatch(e -> isOldClass(zip, e))) {
                return 0;
            }
            if (zip.getEntry("META-INF/MANIFEST.MF") != null
                    && zip.stream().anyMatch(e -> e.getName().matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"))) {
                throw new IOException(jar + " is signed: rewriting its classes would break the signature");
            }
            ClassFile classFile = classFileFor(jar);
            Path rewritten = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".tmp");
            int count = 0;
            try (OutputStream out = Files.newOutputStream(rewritten);
                    ZipOutputStream zout = new ZipOutputStream(out)) {
                for (ZipEntry entry : zip.stream().toList()) {
                    byte[] bytes = zip.getInputStream(entry).readAllBytes();
                    if (isClass(entry) && version(bytes) < OLDEST_CACHEABLE) {
                        bytes = withStackMaps(classFile, classFile.parse(bytes));
                        count++;
                    }
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    zout.putNextEntry(copy);
                    zout.write(bytes);
                    zout.closeEntry();
                }
            }
            Files.setPosixFilePermissions(rewritten, Files.getPosixFilePermissions(jar));
            Files.setLastModifiedTime(rewritten, FileTime.fromMillis(System.currentTimeMillis()));
            Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return count;
        }
    }

    private static byte[] withStackMaps(ClassFile classFile, ClassModel model) {
        model.methods().forEach(m -> m.code().ifPresent(code -> code.forEach(element -> {
            if (element instanceof DiscontinuedInstruction) {
                throw new IllegalStateException(model.thisClass().asInternalName() + "." + m.methodName()
                        + " uses jsr/ret, which a version " + TARGET + " class cannot hold: it needs real rewriting");
            }
        })));
        // Re-emitting every method body makes the class-file API compute its stack map frames.
        return classFile.transformClass(
                model,
                ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen((builder, element) -> {
                    if (element instanceof ClassFileVersion) {
                        builder.withVersion(TARGET, 0);
                    } else {
                        builder.with(element);
                    }
                }));
    }

    /** Frames need the superclass of every type they merge: the jar's own classes, then the JDK's. */
    private static ClassFile classFileFor(Path jar) throws IOException {
        URLClassLoader jarOnly = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver()
                .orElse(ClassHierarchyResolver.ofResourceParsing(jarOnly))
                .cached();
        return ClassFile.of(
                ClassFile.ClassHierarchyResolverOption.of(resolver), ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
    }

    private static boolean isOldClass(ZipFile zip, ZipEntry entry) {
        if (!isClass(entry)) {
            return false;
        }
        try (var in = zip.getInputStream(entry)) {
            return version(in.readNBytes(8)) < OLDEST_CACHEABLE;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Multi-release entries (META-INF/versions/N) are already built for their release; module-info too. */
    private static boolean isClass(ZipEntry entry) {
        return entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/");
    }

    /** The major version: bytes 6-7 of a class file, after the magic number and the minor version. */
    private static int version(byte[] header) {
        return ((header[6] & 0xff) << 8) | (header[7] & 0xff);
    }
}
