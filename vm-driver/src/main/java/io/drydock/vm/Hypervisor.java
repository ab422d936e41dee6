package io.drydock.vm;

import java.util.List;
import java.util.Optional;

/**
 * The few hypervisor operations the driver needs, so the lifecycle is testable against libvirt's
 * in-process test driver and nothing outside {@code io.drydock.vm.libvirt} touches libvirt's API.
 */
public interface Hypervisor extends AutoCloseable {
    /** The connection URI, e.g. qemu:///system. */
    String uri();

    /** Defines (persists) a domain from its XML. */
    void define(String domainXml) throws VmException;

    /** Starts a defined domain. */
    void start(String name) throws VmException;

    /** Stops a running domain at once (pulls the plug); a domain that is not running is left as it is. */
    void destroy(String name) throws VmException;

    /** Removes a domain's definition; a domain that is not defined is fine. It must not be running. */
    void undefine(String name) throws VmException;

    /** The domain's state, or empty when it is not defined. */
    Optional<DomainState> state(String name) throws VmException;

    /** The names of every domain, running or defined. */
    List<String> domains() throws VmException;

    /** The domain's current XML, or empty when it is not defined. */
    Optional<String> xml(String name) throws VmException;

    /** CPU, memory, block and interface counters of a running domain. */
    VmStats stats(String name, List<String> disks, List<String> interfaces) throws VmException;

    /** The hypervisor library's and daemon's versions, for results ("libvirt 9.0.0, qemu 7.2.0"). */
    String version() throws VmException;

    @Override
    void close() throws VmException;

    /** A domain's state, coarsened to what the driver decides on. */
    enum DomainState { RUNNING, PAUSED, SHUTTING_DOWN, SHUTOFF, CRASHED, OTHER }
}
