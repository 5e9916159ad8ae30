package dev.aec.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (the Maven project version). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"aec " + (version == null ? "development build" : version)};
    }
}
