package io.kvmctl.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.Size;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qapi.VcpuInfo;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Balloon and vCPU pinning on the Linux test guest (2 vCPUs, TCG). */
class ResourcesIT {
    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();

    @Test
    void balloonShrinksTheGuestAndPinningSetsVcpuThreadAffinity() throws Exception {
        Path profile = TestGuests.linuxProfile(tmp, "res", "smp: 2\nballoon: true\n");
        try (Vm vm = Vm.start(profile, StartOptions.defaults().withRoot(root));
                SerialConsole console = SerialConsole.attach(vm)) {
            console.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), Duration.ofSeconds(90));
            KvmctlProcess mem = KvmctlProcess.run(root, "memory", "res", "192M", "--wait", "60");
            assertEquals(0, mem.exitCode(), mem.toString());
            assertEquals("VM res now has 192.0 MiB (of 256.0 MiB)\n", mem.output());
            assertEquals(192 * Size.MIB, vm.memory().read().actualBytes());

            int hostCpus = CpuList.format(VcpuPinning.online()).equals("0") ? 1 : 2;
            String spec = hostCpus == 1 ? "0=0,1=0" : "0=1,1=0";
            KvmctlProcess pin = KvmctlProcess.run(root, "cpus", "res", "--pin", spec);
            assertEquals(0, pin.exitCode(), pin.toString());
            List<VcpuInfo> cpus = new QmpCommands(vm.qmp()).queryCpusFast();
            assertEquals(2, cpus.size());
            // The kernel's own view, independent of our FFM code's reading back:
            assertEquals(
                    hostCpus == 1 ? "0" : "1",
                    allowed(vm.record().qemuPid(), cpus.get(0).threadId()));
            assertEquals("0", allowed(vm.record().qemuPid(), cpus.get(1).threadId()));
            List<VcpuPinning.Vcpu> seen = vm.vcpus().list();
            assertEquals(2, seen.size());
            for (int i = 0; i < 2; i++) {
                assertEquals(cpus.get(i).threadId(), seen.get(i).threadId());
                assertEquals(
                        allowed(vm.record().qemuPid(), cpus.get(i).threadId()),
                        seen.get(i).cpus());
            }

            expect("the VM has no vCPU 5; it has vCPUs 0-1", "cpus", "res", "--pin", "5=0");
            expect("host CPU 1000 is not online", "cpus", "res", "--pin", "0=1000");
            expect("'x' is not a CPU number or range", "cpus", "res", "--pin", "0=x");
            expect("is more than the 256M the VM started with", "memory", "res", "1G");
            expect("would starve the guest", "memory", "res", "1M");
            expect("'lots' is not a size", "memory", "res", "lots");
            vm.stop(Duration.ZERO, true);
        }
    }

    @Test
    void memoryWithoutABalloonSaysHowToGetOne() throws Exception {
        Path profile = TestGuests.bootSectorProfile(tmp, "noballoon", TestGuests.HELLO, "tcg");
        try (Vm vm = Vm.start(profile, StartOptions.defaults().withRoot(root))) {
            expect(
                    "the VM has no balloon device (or its guest has no driver for it); add 'balloon: true'",
                    "memory",
                    "noballoon",
                    "32M");
            vm.stop(Duration.ZERO, true);
        }
    }

    private void expect(String message, String... args) throws Exception {
        KvmctlProcess r = KvmctlProcess.run(root, args);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.output().contains(message), r.toString());
        assertEquals(1, r.output().lines().count(), "one line: " + r);
    }

    private static String allowed(int pid, long tid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/task/" + tid + "/status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:"))
                .findFirst()
                .orElseThrow()
                .substring("Cpus_allowed_list:".length())
                .strip();
    }
}
