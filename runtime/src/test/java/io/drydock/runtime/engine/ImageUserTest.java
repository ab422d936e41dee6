package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageUserTest {
    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            nobody:x:65534:65534:nobody:/nonexistent:/bin/false
            app:x:1000:1000::/home/app:/bin/sh
            """;
    private static final String GROUP = """
            root:x:0:
            staff:x:50:app,other
            app:x:1000:
            nogroup:x:65534:
            """;

    @Test
    void resolve_nothing_isRootWithItsHome() {
        ImageUser u = ImageUser.resolve(null, PASSWD, GROUP);
        assertThat(u).isEqualTo(new ImageUser(0, 0, List.of(), "/root"));
    }

    @Test
    void resolve_name_usesPasswdAndSupplementaryGroups() {
        ImageUser u = ImageUser.resolve("app", PASSWD, GROUP);
        assertThat(u.uid()).isEqualTo(1000);
        assertThat(u.gid()).isEqualTo(1000);
        assertThat(u.additionalGids()).containsExactly(50L);
        assertThat(u.home()).isEqualTo("/home/app");
    }

    @Test
    void resolve_nameAndGroupName_takesTheGroup() {
        ImageUser u = ImageUser.resolve("nobody:staff", PASSWD, GROUP);
        assertThat(u.uid()).isEqualTo(65534);
        assertThat(u.gid()).isEqualTo(50);
    }

    @Test
    void resolve_unknownNumericIds_areTakenAsGiven() {
        ImageUser u = ImageUser.resolve("4242:4343", PASSWD, GROUP);
        assertThat(u).isEqualTo(new ImageUser(4242, 4343, List.of(), null));
    }

    @Test
    void resolve_knownUid_getsItsPrimaryGroup() {
        assertThat(ImageUser.resolve("1000", PASSWD, GROUP).gid()).isEqualTo(1000);
    }

    @Test
    void resolve_unknownNames_areRefusedByName() {
        assertThatThrownBy(() -> ImageUser.resolve("ghost", PASSWD, GROUP)).hasMessageContaining("'ghost'");
        assertThatThrownBy(() -> ImageUser.resolve("app:ghosts", PASSWD, GROUP)).hasMessageContaining("'ghosts'");
        assertThatThrownBy(() -> ImageUser.resolve("app", "", "")).hasMessageContaining("/etc/passwd");
    }
}
