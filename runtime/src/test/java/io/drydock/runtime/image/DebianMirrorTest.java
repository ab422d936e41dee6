package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianMirrorTest {

    private static final String DEB822 = """
            Types: deb
            # http://snapshot.debian.org/archive/debian/20250520T000000Z
            URIs: http://deb.debian.org/debian
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            URIs: http://deb.debian.org/debian-security
            Suites: bookworm-security
            Components: main
            """;

    @TempDir
    Path apt;

    @Test
    void parseDeb822_twoStanzas_givesEachUriWithItsSuites() {
        assertThat(DebianMirror.parseDeb822(DEB822)).containsExactly(
                new DebianMirror.Source("http://deb.debian.org/debian", List.of("bookworm", "bookworm-updates")),
                new DebianMirror.Source("http://deb.debian.org/debian-security", List.of("bookworm-security")));
    }

    @Test
    void parseDeb822_debSrcDisabledAndContinuationLines_keepsOnlyEnabledDebStanzas() {
        String text = """
                Types: deb-src
                URIs: http://src.example/debian
                Suites: bookworm

                Types: deb
                URIs: http://off.example/debian
                Suites: bookworm
                Enabled: no

                Types: deb deb-src
                URIs: http://a.example/debian
                  http://b.example/debian
                Suites: bookworm
                """;
        assertThat(DebianMirror.parseDeb822(text)).extracting(DebianMirror.Source::uri)
                .containsExactly("http://a.example/debian", "http://b.example/debian");
    }

    @Test
    void parseOneLine_optionsCommentsAndDebSrc_givesUriAndSuite() {
        String text = """
                # deb http://commented.example/debian bookworm main
                deb-src http://src.example/debian bookworm main
                deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://mirror.example/debian/ bookworm main contrib
                deb http://security.debian.org/debian-security bookworm-security main # trailing comment
                """;
        assertThat(DebianMirror.parseOneLine(text)).containsExactly(
                new DebianMirror.Source("http://mirror.example/debian/", List.of("bookworm")),
                new DebianMirror.Source("http://security.debian.org/debian-security", List.of("bookworm-security")));
    }

    @Test
    void resolve_deb822Sources_takesTheSourceOfTheSuiteNotSecurityOrThirdParty() throws Exception {
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list.d/a-nodesource.sources"),
                "Types: deb\nURIs: https://deb.nodesource.com/node_20.x\nSuites: nodistro\nComponents: main\n");
        Files.writeString(apt.resolve("sources.list.d/debian.sources"), DEB822);
        Files.writeString(apt.resolve("sources.list.d/old.list.disabled"), "deb http://disabled.example/debian bookworm main\n");
        assertThat(DebianMirror.resolve(Map.of(), apt, "bookworm")).isEqualTo(new DebianMirror("http://deb.debian.org/debian"));
    }

    @Test
    void resolve_oneLineSourcesList_takesItsDebLine_withoutTrailingSlash() throws Exception {
        Files.writeString(apt.resolve("sources.list"), """
                deb http://security.debian.org/debian-security bookworm-security main
                deb http://ftp.de.debian.org/debian/ bookworm main
                """);
        assertThat(DebianMirror.resolve(Map.of(), apt, "bookworm").uri()).isEqualTo("http://ftp.de.debian.org/debian");
    }

    @Test
    void resolve_noSourceForTheSuite_takesADebianArchiveUri() throws Exception {
        Files.writeString(apt.resolve("sources.list"), "deb http://ftp.example.org/debian trixie main\n");
        assertThat(DebianMirror.resolve(Map.of(), apt, "bookworm").uri()).isEqualTo("http://ftp.example.org/debian");
    }

    @Test
    void resolve_noSourcesAtAll_fallsBackToDebDebianOrg() throws Exception {
        assertThat(DebianMirror.resolve(Map.of(), apt.resolve("missing"), "bookworm").uri())
                .isEqualTo(DebianMirror.FALLBACK);
    }

    @Test
    void resolve_environmentOverride_winsOverTheHostSources() throws Exception {
        Files.writeString(apt.resolve("sources.list"), "deb http://ftp.de.debian.org/debian bookworm main\n");
        assertThat(DebianMirror.resolve(Map.of(DebianMirror.ENV, "http://127.0.0.1:3142/debian/"), apt, "bookworm").uri())
                .isEqualTo("http://127.0.0.1:3142/debian");
    }

    @Test
    void resolve_badOverride_namesTheVariable() {
        assertThatThrownBy(() -> DebianMirror.resolve(Map.of(DebianMirror.ENV, "ftp://old.example/debian"), apt, "bookworm"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(DebianMirror.ENV).hasMessageContaining("ftp://old.example/debian");
    }

    @Test
    void constructor_noHost_isRefused() {
        assertThatThrownBy(() -> new DebianMirror("http:///debian")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no host");
    }
}
