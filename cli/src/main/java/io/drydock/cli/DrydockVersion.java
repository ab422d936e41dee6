package io.drydock.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar manifest at build time. */
final class DrydockVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Drydock.class.getPackage().getImplementationVersion();
        return new String[] {"drydock " + (v == null ? "(development build)" : v),
            "JVM " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")"};
    }
}
