package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QemuEnvironmentTest {
    @Test
    void keepsOnlyPathHomeTimeZoneAndTempAndSetsTheCLocale() {
        Map<String, String> kvmctls = Map.of(
                "PATH", "/usr/bin:/bin",
                "HOME", "/root",
                "AWS_SECRET_ACCESS_KEY", "hunter2",
                "https_proxy", "http://user:pw@proxy:3128",
                "LANG", "de_DE.UTF-8",
                "KVMCTL_RUNTIME_DIR", "/run/x");
        assertEquals(Map.of("PATH", "/usr/bin:/bin", "HOME", "/root", "LC_ALL", "C"), QemuEnvironment.of(kvmctls));
    }

    @Test
    void aMissingPathGetsTheSystemDefault() {
        assertEquals(
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                QemuEnvironment.of(Map.of()).get("PATH"));
    }
}
