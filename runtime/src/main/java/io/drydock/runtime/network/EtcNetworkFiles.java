package io.drydock.runtime.network;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes the files that tell a container who and where it is on the network, into its
 * {@code /etc}: {@code hosts} (localhost and its own address under its hostname),
 * {@code resolv.conf} (the host's nameservers, without loopback ones, which would point into the
 * container itself) and {@code hostname}. Each file is replaced by a rename, so a symlink an
 * image placed there is replaced rather than followed out of the rootfs.
 */
public final class EtcNetworkFiles {
    private static final Pattern HOSTNAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final Path hostResolvConf;

    /** Files whose nameservers come from {@code hostResolvConf}, normally {@code /etc/resolv.conf}. */
    public EtcNetworkFiles(Path hostResolvConf) {
        this.hostResolvConf = Objects.requireNonNull(hostResolvConf, "hostResolvConf");
    }

    /**
     * Writes {@code hosts}, {@code resolv.conf} and {@code hostname} into {@code etcDir}.
     *
     * @param etcDir   the container's {@code /etc} on the host (its rootfs + {@code etc}); created if missing
     * @param hostname the container's hostname (at most 64 characters, letters, digits, '-', '.')
     * @param address  the container's address on the bridge; null in {@code none}/{@code host} mode
     * @param mode     the network mode; in {@code host} mode the host's resolv.conf is copied as is,
     *                 since its loopback resolvers are reachable there
     * @throws NetworkException naming the file that could not be written
     */
    public void write(Path etcDir, String hostname, Inet4Address address, NetworkMode mode) throws NetworkException {
        if (hostname == null || hostname.length() > 64 || !HOSTNAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException("hostname '" + hostname
                    + "' must be at most 64 letters, digits, '-' and '.' (RFC 1123)");
        }
        Objects.requireNonNull(mode, "mode");
        if (Files.isSymbolicLink(etcDir)) {
            throw new NetworkException("refusing to write into " + etcDir + ": it is a symbolic link");
        }
        replace(etcDir, "hosts", hosts(hostname, address));
        replace(etcDir, "resolv.conf", resolvConf(mode));
        replace(etcDir, "hostname", hostname + "\n");
    }

    static String hosts(String hostname, Inet4Address address) {
        StringBuilder s = new StringBuilder();
        s.append("127.0.0.1\tlocalhost");
        if (address == null) {
            s.append(' ').append(hostname);
        }
        s.append('\n');
        s.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        if (address != null) {
            s.append(address.getHostAddress()).append('\t').append(hostname).append('\n');
        }
        return s.toString();
    }

    String resolvConf(NetworkMode mode) throws NetworkException {
        String host;
        try {
            host = Files.readString(hostResolvConf, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            host = "";
        } catch (IOException e) {
            throw new NetworkException("reading the host's " + hostResolvConf + " failed: " + e.getMessage(), e);
        }
        if (mode == NetworkMode.HOST) {
            return host;
        }
        List<String> kept = new ArrayList<>();
        boolean dropped = false;
        for (String line : host.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver") && isLoopback(words[1])) {
                dropped = true;
                continue;
            }
            if (words.length >= 1 && (words[0].equals("nameserver") || words[0].equals("search")
                    || words[0].equals("domain") || words[0].equals("options"))) {
                kept.add(line.strip());
            }
        }
        StringBuilder s = new StringBuilder("# written by drydock from " + hostResolvConf + "\n");
        if (dropped) {
            s.append("# loopback nameservers of the host left out: they are not reachable from the container\n");
        }
        kept.forEach(l -> s.append(l).append('\n'));
        return s.toString();
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
    }

    private static void replace(Path dir, String name, String content) throws NetworkException {
        Path target = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + name + "-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            try {
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new NetworkException("writing " + target + " failed: " + e.getMessage(), e);
        }
    }
}
