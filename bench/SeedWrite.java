import io.kvmctl.cloudinit.Iso9660Image;
import io.kvmctl.files.AtomicFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed's write time as kvmctl's up pays it: the ISO 9660 image of the given files built in memory and written
 * with AtomicFile (temporary file, fsync, rename, directory fsync). Run by bench/seed-write.sh.
 *
 * <p>Usage: java -cp CLASSES:DEPS bench/SeedWrite.java OUT_DIR RUNS FILE...
 */
public class SeedWrite {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            Path f = Path.of(args[i]);
            files.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
        for (int i = 0; i < 50; i++) { // warm-up: the JIT, as in a long-lived kvmctl; the first run is printed apart
            Iso9660Image.of("cidata", files);
        }
        long[] build = new long[runs];
        long[] write = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            byte[] image = Iso9660Image.of("cidata", files);
            long t1 = System.nanoTime();
            AtomicFile.write(out.resolve("seed.iso"), image, "seed");
            long t2 = System.nanoTime();
            build[i] = t1 - t0;
            write[i] = t2 - t1;
        }
        System.out.printf("kvmctl_build_ms %.3f%n", median(build) / 1e6);
        System.out.printf("kvmctl_write_ms %.3f%n", median(write) / 1e6);
        System.out.printf("kvmctl_total_ms %.3f%n", (median(build) + median(write)) / 1e6);
        System.out.printf("kvmctl_bytes %d%n", Files.size(out.resolve("seed.iso")));
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
