package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

class VersionProviderTest {
    @Test
    void namesTheModuleVersionWhenRunAsTheModule() {
        ModuleDescriptor module = VersionProvider.class.getModule().getDescriptor();
        // The build runs the tests inside the module io.kvmctl; from an IDE's class path there is no module.
        assumeTrue(module != null, "the tests run on the class path, not in the module io.kvmctl");
        String expected = module.rawVersion().orElseThrow();
        assertEquals("kvmctl " + expected, new VersionProvider().getVersion()[0]);
    }
}
