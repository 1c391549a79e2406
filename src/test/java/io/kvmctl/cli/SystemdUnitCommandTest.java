package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SystemdUnitCommandTest {
    @Test
    void unitRunsTheVmInTheForegroundWithAGracefulStop() {
        String unit = SystemdUnitCommand.unit("/opt/kvmctl/kvmctl", Path.of("/etc/kvmctl/web.yaml"), "web", 60);
        assertTrue(
                unit.contains("ExecStart=/opt/kvmctl/kvmctl up /etc/kvmctl/web.yaml --name web --foreground "
                        + "--stop-timeout 60\n"),
                unit);
        assertTrue(unit.contains("KillMode=mixed\n"), unit);
        assertTrue(unit.contains("TimeoutStopSec=100\n"), unit);
    }

    @Test
    void quotesPathsWithSpacesAndEscapesPercentSigns() {
        assertEquals("\"/srv/my vms/a%%b.yaml\"", SystemdUnitCommand.systemdQuote("/srv/my vms/a%b.yaml"));
        assertEquals("/plain/path.yaml", SystemdUnitCommand.systemdQuote("/plain/path.yaml"));
    }
}
