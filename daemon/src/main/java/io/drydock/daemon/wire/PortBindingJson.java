package io.drydock.daemon.wire;

/** A PortBinding: a host address and port for a container port. */
public record PortBindingJson(String hostIp, String hostPort) {
}
