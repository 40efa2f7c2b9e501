package io.mycelium.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, "development" when run from classes. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"mycelium " + (v == null ? "development" : v) + " (Java " + Runtime.version() + ")"};
    }
}
