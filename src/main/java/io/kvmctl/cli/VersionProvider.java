package io.kvmctl.cli;

import java.lang.module.ModuleDescriptor;
import picocli.CommandLine;

/** {@code kvmctl --version}: the build's version and the JVM it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = version();
        return new String[] {
            "kvmctl " + (version == null ? "(development build)" : version),
            "JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version(),
        };
    }

    /**
     * The jar manifest's Implementation-Version when kvmctl runs from the class path ({@code java -jar}); the module
     * descriptor's version when it runs as the module io.kvmctl ({@code ./kvmctl}), where packages carry no manifest
     * attributes. Null in a build without either (classes straight from an IDE).
     */
    static String version() {
        String fromManifest = KvmctlCommand.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        ModuleDescriptor module = KvmctlCommand.class.getModule().getDescriptor();
        return module == null ? null : module.rawVersion().orElse(null);
    }
}
