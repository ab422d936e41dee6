package io.drydock.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The runtime a certification run tests: its name in reports, the command that runs it with
 * runc's command line, its version, and the host files a container must never be able to write
 * (the runtime's own binaries: the CVE-2019-5736 class).
 *
 * @param name         the name in reports: drydock-runc, runc, crun, or the binary's file name
 * @param command      the binary and any arguments before runc's global flags (a wrapper for crun on a hybrid host)
 * @param version      the first line of its {@code --version}
 * @param drydock      true for drydock's own runtime, whose engine (images, network, port mapping) is tested too
 * @param hostBinaries the runtime's executables on the host
 * @param note         how the runtime was run, when a person should know (empty otherwise)
 * @param inProcess    true for drydock's Java API in the certifying JVM ({@code command} is then only a label)
 * @param vm           true for drydock's VM platform (libvirt guests), which is certified on the claims that apply
 *                     to a VM (isolation, port mapping, copy-on-write, cleanup) rather than on runc's command line
 */
public record RuntimeUnderTest(String name, List<String> command, String version, boolean drydock,
                               List<Path> hostBinaries, String note, boolean inProcess, boolean vm) {
    public RuntimeUnderTest {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("runtime name must not be empty");
        }
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("runtime " + name + ": the command must not be empty");
        }
        Objects.requireNonNull(version, "version");
        hostBinaries = List.copyOf(hostBinaries);
        note = note == null ? "" : note;
    }

    /** A container runtime (not the VM platform). */
    public RuntimeUnderTest(String name, List<String> command, String version, boolean drydock, List<Path> hostBinaries,
                            String note, boolean inProcess) {
        this(name, command, version, drydock, hostBinaries, note, inProcess, false);
    }
}
