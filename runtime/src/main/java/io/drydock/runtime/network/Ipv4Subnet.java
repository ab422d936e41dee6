package io.drydock.runtime.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 network in CIDR form, {@code 10.89.0.0/24}. The address must be the network address
 * (no host bits set) so that a typo such as {@code 10.89.0.1/24} is caught rather than guessed at.
 *
 * @param network the network address
 * @param prefixLength 8-30: a bridge needs room for a gateway and at least one instance
 */
public record Ipv4Subnet(Inet4Address network, int prefixLength) {

    public Ipv4Subnet {
        Objects.requireNonNull(network, "network");
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("subnet prefix length /" + prefixLength + " is outside /8-/30");
        }
        if ((toInt(network) & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("subnet " + network.getHostAddress() + "/" + prefixLength
                    + " has host bits set; the network address is "
                    + fromInt(toInt(network) & mask(prefixLength)).getHostAddress());
        }
    }

    /**
     * Parses {@code a.b.c.d/n}.
     *
     * @throws IllegalArgumentException naming the value
     */
    public static Ipv4Subnet parse(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("subnet '" + cidr + "' is not in CIDR form a.b.c.d/n");
        }
        String len = cidr.substring(slash + 1);
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("subnet '" + cidr + "' has no valid prefix length");
        }
        Inet4Address address;
        try {
            address = PortMapping.ipv4(cidr, cidr.substring(0, slash));
        } catch (InvalidPortMappingException e) {
            throw new IllegalArgumentException("subnet '" + cidr + "' does not start with an IPv4 address", e);
        }
        return new Ipv4Subnet(address, Integer.parseInt(len));
    }

    /** Whether {@code address} lies inside this subnet. */
    public boolean contains(InetAddress address) {
        return address instanceof Inet4Address v4
                && (toInt(v4) & mask(prefixLength)) == toInt(network);
    }

    /** Whether the two subnets share any address. */
    public boolean overlaps(Ipv4Subnet other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return (toInt(network) & mask(shorter)) == (toInt(other.network) & mask(shorter));
    }

    /** The n-th address of the subnet; 1 is the usual gateway. */
    public Inet4Address host(int n) {
        if (n < 1 || n >= size() - 1) {
            throw new IllegalArgumentException("host " + n + " is outside subnet " + this);
        }
        return fromInt(toInt(network) + n);
    }

    /** Whether {@code address} is inside and is neither the network nor the broadcast address. */
    public boolean isUsableHost(Inet4Address address) {
        int offset = toInt(address) - toInt(network);
        return contains(address) && offset > 0 && offset < size() - 1;
    }

    private long size() {
        return 1L << (32 - prefixLength);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    static Inet4Address fromInt(int v) {
        try {
            return (Inet4Address) InetAddress.getByAddress(
                    new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
}
