package io.drydock.runtime.sys.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library directories JNA is given instead of running ldconfig. */
class JnaSetupTest {
    @TempDir
    Path tmp;

    @Test
    void libraryDirs_followIncludes_keepOrder_andSkipMissingAndComments() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("lib-a"));
        Path b = Files.createDirectories(tmp.resolve("lib-b"));
        Path d = Files.createDirectories(tmp.resolve("conf.d"));
        Files.writeString(d.resolve("10-b.conf"), "# multiarch\n" + b + "\n" + tmp.resolve("missing") + "\n");
        Files.writeString(d.resolve("05-a.conf"), a + "  # trailing comment\n");
        Files.writeString(d.resolve("ignored.txt"), tmp + "\n");
        Path conf = tmp.resolve("ld.so.conf");
        Files.writeString(conf, "include " + d + "/*.conf\n\n" + b + "\n");
        assertThat(JnaSetup.libraryDirs(conf)).startsWith(a.toString(), b.toString())
            .doesNotContain(tmp.resolve("missing").toString(), tmp.toString())
            .doesNotHaveDuplicates();
    }

    @Test
    void libraryDirs_withoutConf_areTheDefaultOnesThatExist() {
        assertThat(JnaSetup.libraryDirs(tmp.resolve("none"))).isNotEmpty()
            .allSatisfy(dir -> assertThat(Path.of(dir)).isDirectory())
            .isSubsetOf("/lib64", "/usr/lib64", "/lib", "/usr/lib");
    }

    @Test
    void libraryDirs_relativeInclude_isRelativeToTheConfFile() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("lib-a"));
        Files.createDirectories(tmp.resolve("d"));
        Files.writeString(tmp.resolve("d/x.conf"), a + "\n");
        Path conf = tmp.resolve("ld.so.conf");
        Files.writeString(conf, "include d/*.conf\n");
        assertThat(JnaSetup.libraryDirs(conf)).first().isEqualTo(a.toString());
    }
}
