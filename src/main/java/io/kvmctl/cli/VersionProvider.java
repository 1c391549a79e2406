package io.kvmctl.cli;

import picocli.CommandLine;

/** {@code kvmctl --version}: the jar's implementation version and the JVM it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = KvmctlCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "kvmctl " + (version == null ? "(development build)" : version),
            "JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version(),
        };
    }
}
