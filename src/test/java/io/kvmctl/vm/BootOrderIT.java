package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestGuests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BIOS boot order from {@code boot: [...]}: three disks, a blank one first (what the firmware would boot without
 * an order) and the two boot-sector guests, each of which says on the serial port which one it is. The firmware
 * boots the one the list names first, whichever comes first in {@code disks}. (The blank disk cannot go first in
 * the list: SeaBIOS tries only the first hard disk of its order, so no later hard disk is tried after it fails.)
 */
class BootOrderIT {
    private static final Duration BOOT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void firmwareBootsTheDiskTheListNamesFirstNotTheFirstDisk() throws Exception {
        assertBoots("counter", "[counter, hello, blank]", "kvmctl-boot: tick 1", "kvmctl-boot: hello");
    }

    @Test
    void theSameDisksListedTheOtherWayBootTheOtherGuest() throws Exception {
        assertBoots("hello", "[hello, counter, blank]", "kvmctl-boot: hello", "kvmctl-boot: tick");
    }

    private void assertBoots(String name, String order, String seen, String unseen) throws Exception {
        TestGuests.requireImages();
        Path blank = Files.write(tmp.resolve("blank.img"), new byte[1 << 20]);
        Path hello = padded(TestGuests.HELLO, "hello.img");
        Path counter = padded(TestGuests.COUNTER, "counter.img");
        Path profile =
                Files.writeString(tmp.resolve(name + ".yaml"), """
                name: %s
                accel: tcg
                memory: 16M
                boot: %s
                disks:
                  - {id: blank, file: %s, format: raw}
                  - {id: hello, file: %s, format: raw}
                  - {id: counter, file: %s, format: raw}
                """.formatted(name, order, blank, hello, counter));
        try (Vm vm = Vm.start(profile, vms.options());
                SerialConsole console = SerialConsole.attach(vm)) {
            console.awaitLine(Pattern.compile(Pattern.quote(seen)), BOOT);
            assertFalse(
                    console.lines().stream().anyMatch(l -> l.contains(unseen)),
                    "booted the wrong disk: " + console.lines());
            vm.stop(Duration.ZERO, true);
        }
    }

    /** The 512-byte sector at the start of a 1 MiB raw disk, a size any firmware driver reads. */
    private Path padded(Path sector, String name) throws IOException {
        byte[] disk = new byte[1 << 20];
        byte[] boot = Files.readAllBytes(sector);
        System.arraycopy(boot, 0, disk, 0, boot.length);
        return Files.write(tmp.resolve(name), disk);
    }
}
