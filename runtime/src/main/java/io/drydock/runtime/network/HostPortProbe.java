package io.drydock.runtime.network;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;

/**
 * Checks that a mapping's host port is free, by binding it for a moment, before anything is set
 * up for it; and chooses a free port for a mapping that asks for one. DNAT does not bind the port,
 * so a taken port would otherwise be shadowed silently: traffic to it would go to the instance.
 */
public final class HostPortProbe {

    /**
     * Returns the mapping with a usable host port: the one it names once checked free, or a free
     * one chosen by the kernel when it names none.
     *
     * @throws PortUnavailableException naming the port when it is in use, or when the host address
     *                                  is not an address of this host
     */
    public PortMapping reserve(PortMapping mapping) throws PortUnavailableException {
        InetAddress address = mapping.hostIp() != null ? mapping.hostIp() : wildcard();
        InetSocketAddress endpoint = new InetSocketAddress(address, mapping.hostPort());
        try {
            int bound = switch (mapping.protocol()) {
                case TCP -> {
                    try (ServerSocket socket = new ServerSocket()) {
                        socket.setReuseAddress(true); // a port in TIME_WAIT is free for DNAT purposes
                        socket.bind(endpoint, 1);
                        yield socket.getLocalPort();
                    }
                }
                case UDP -> {
                    try (DatagramChannel channel = DatagramChannel.open()) {
                        channel.bind(endpoint);
                        yield ((InetSocketAddress) channel.getLocalAddress()).getPort();
                    }
                }
            };
            return mapping.hostPortChosenLater() ? mapping.withHostPort(bound) : mapping;
        } catch (BindException e) {
            String message = String.valueOf(e.getMessage());
            String reason = message.contains("assign requested address")
                    ? "host address " + address.getHostAddress() + " is not an address of this host"
                    : "it is in use (" + message + ")";
            throw new PortUnavailableException(mapping, reason, e);
        } catch (SocketException e) {
            throw new PortUnavailableException(mapping, "binding it failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PortUnavailableException(mapping, "probing it failed: " + e.getMessage(), e);
        }
    }

    private static InetAddress wildcard() {
        return new InetSocketAddress(0).getAddress();
    }
}
