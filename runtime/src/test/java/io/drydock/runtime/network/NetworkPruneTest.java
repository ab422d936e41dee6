package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkPruneTest {
    @TempDir
    Path dir;

    @Test
    void releaseOrphanAddresses_removesOnlyAddressesWhoseOwnerIsNotAttached() throws Exception {
        Files.writeString(dir.resolve("10.89.0.2"), "live-one\r\neth0");
        Files.writeString(dir.resolve("10.89.0.3"), "crashed\r\neth0");
        Files.writeString(dir.resolve("10.89.0.4"), "old-format-owner");
        Files.writeString(dir.resolve("last_reserved_ip.0"), "10.89.0.4");
        Files.writeString(dir.resolve("lock"), "");

        var released = NetworkPrune.releaseOrphanAddresses(dir, Set.of("live-one"));

        assertThat(released).containsExactly("10.89.0.3", "10.89.0.4");
        assertThat(dir.resolve("10.89.0.2")).exists();
        assertThat(dir.resolve("last_reserved_ip.0")).exists();
        assertThat(dir.resolve("lock")).exists();
    }

    @Test
    void releaseOrphanAddresses_noDirectory_releasesNothing() throws Exception {
        assertThat(NetworkPrune.releaseOrphanAddresses(dir.resolve("absent"), Set.of())).isEmpty();
    }

    @Test
    void netnsExists_plainFileOrMissingPath_isGone_hostNamespaceIsNot() throws Exception {
        Path plain = Files.createFile(dir.resolve("netns-file"));

        assertThat(NetworkPrune.netnsExists(plain.toString())).isFalse();
        assertThat(NetworkPrune.netnsExists(dir.resolve("missing").toString())).isFalse();
        assertThat(NetworkPrune.netnsExists("/proc/999999999/ns/net")).isFalse();
        assertThat(NetworkPrune.netnsExists(CniRuntimeConf.HOST_NETNS)).isTrue();
    }
}
