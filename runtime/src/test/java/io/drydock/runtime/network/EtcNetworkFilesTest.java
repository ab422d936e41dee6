package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcNetworkFilesTest {
    @TempDir
    Path tmp;
    private Path hostResolv;
    private Path etc;

    @BeforeEach
    void setUp() throws Exception {
        hostResolv = tmp.resolve("host-resolv.conf");
        Files.writeString(hostResolv, """
                # host comment
                nameserver 127.0.0.53
                nameserver 192.0.2.53
                nameserver ::1
                search example.test
                options edns0 trust-ad
                """);
        etc = tmp.resolve("rootfs/etc");
    }

    @Test
    void write_bridgeMode_hostsNamesTheOwnAddress_resolvDropsLoopbackNameservers() throws Exception {
        new EtcNetworkFiles(hostResolv).write(etc, "web-1", PortMapping.ipv4("x", "10.89.0.5"), NetworkMode.BRIDGE);

        assertThat(Files.readAllLines(etc.resolve("hosts"))).containsExactly(
                "127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback", "10.89.0.5\tweb-1");
        String resolv = Files.readString(etc.resolve("resolv.conf"));
        assertThat(resolv).contains("nameserver 192.0.2.53\n", "search example.test\n", "options edns0 trust-ad\n")
                .doesNotContain("127.0.0.53").doesNotContain("nameserver ::1");
        assertThat(Files.readString(etc.resolve("hostname"))).isEqualTo("web-1\n");
    }

    @Test
    void write_noneMode_mapsTheHostnameToLoopback() throws Exception {
        new EtcNetworkFiles(hostResolv).write(etc, "box", null, NetworkMode.NONE);

        assertThat(Files.readAllLines(etc.resolve("hosts"))).first().isEqualTo("127.0.0.1\tlocalhost box");
    }

    @Test
    void write_hostMode_copiesTheHostsResolvConf() throws Exception {
        new EtcNetworkFiles(hostResolv).write(etc, "box", null, NetworkMode.HOST);

        assertThat(Files.readString(etc.resolve("resolv.conf"))).isEqualTo(Files.readString(hostResolv));
    }

    @Test
    void write_noHostResolvConf_writesOneWithoutNameservers() throws Exception {
        new EtcNetworkFiles(tmp.resolve("missing")).write(etc, "box", null, NetworkMode.BRIDGE);

        assertThat(Files.readString(etc.resolve("resolv.conf"))).doesNotContain("nameserver");
    }

    @Test
    void write_replacesASymlinkInTheImage_insteadOfFollowingItOutOfTheRootfs() throws Exception {
        Files.createDirectories(etc);
        Path outside = tmp.resolve("outside-hosts");
        Files.writeString(outside, "host's own file\n");
        Files.createSymbolicLink(etc.resolve("hosts"), outside);

        new EtcNetworkFiles(hostResolv).write(etc, "box", PortMapping.ipv4("x", "10.89.0.5"), NetworkMode.BRIDGE);

        assertThat(Files.readString(outside)).isEqualTo("host's own file\n");
        assertThat(Files.isSymbolicLink(etc.resolve("hosts"))).isFalse();
        assertThat(Files.readString(etc.resolve("hosts"))).contains("10.89.0.5\tbox");
    }

    @Test
    void write_badHostname_isRefusedNamingIt() {
        EtcNetworkFiles files = new EtcNetworkFiles(hostResolv);
        assertThatThrownBy(() -> files.write(etc, "bad_name!", null, NetworkMode.NONE)).hasMessageContaining("'bad_name!'");
        assertThatThrownBy(() -> files.write(etc, "-lead", null, NetworkMode.NONE)).hasMessageContaining("'-lead'");
        assertThatThrownBy(() -> files.write(etc, "a".repeat(65), null, NetworkMode.NONE)).hasMessageContaining("64");
    }
}
