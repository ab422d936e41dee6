package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContainerNamesTest {
    private static final String A = "aa11" + "0".repeat(60);
    private static final String B = "aa22" + "0".repeat(60);
    private static final List<ContainerNames.Entry> ALL = List.of(
            new ContainerNames.Entry(A, "web"), new ContainerNames.Entry(B, "db"));

    @Test
    void newId_always_is64LowerHexDigits() {
        String id = new ContainerNames(new Random(1)).newId();
        assertThat(id).matches("[0-9a-f]{64}");
    }

    @Test
    void newName_takenNames_returnsAnotherValidName() {
        ContainerNames names = new ContainerNames(new Random(7));
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String n = names.newName(taken);
            assertThat(taken).doesNotContain(n);
            ContainerNames.checkName(n);
            taken.add(n);
        }
    }

    @Test
    void resolve_exactName_findsIt() throws Exception {
        assertThat(ContainerNames.resolve("db", ALL).id()).isEqualTo(B);
    }

    @Test
    void resolve_fullIdOrUniquePrefix_findsIt() throws Exception {
        assertThat(ContainerNames.resolve(A, ALL).name()).isEqualTo("web");
        assertThat(ContainerNames.resolve("aa2", ALL).name()).isEqualTo("db");
    }

    @Test
    void resolve_ambiguousPrefix_saysAmbiguous() {
        assertThatThrownBy(() -> ContainerNames.resolve("aa", ALL))
                .isInstanceOf(EngineException.class).isNotInstanceOf(NoSuchContainerException.class)
                .hasMessageContaining("ambiguous");
    }

    @Test
    void resolve_unknown_throwsNoSuchContainerNamingIt() {
        assertThatThrownBy(() -> ContainerNames.resolve("cache", ALL))
                .isInstanceOf(NoSuchContainerException.class).hasMessageContaining("cache");
        assertThatThrownBy(() -> ContainerNames.resolve("ff", ALL)).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void resolve_nameThatIsAlsoAPrefix_prefersTheName() throws Exception {
        List<ContainerNames.Entry> all = List.of(new ContainerNames.Entry(A, "bb"),
                new ContainerNames.Entry("bb" + "1".repeat(62), "other"));
        assertThat(ContainerNames.resolve("bb", all).id()).isEqualTo(A);
    }

    @Test
    void checkName_badNames_areRefusedWithTheValue() {
        assertThatThrownBy(() -> ContainerNames.checkName("-x")).hasMessageContaining("'-x'");
        assertThatThrownBy(() -> ContainerNames.checkName("a b")).hasMessageContaining("'a b'");
        assertThatThrownBy(() -> ContainerNames.checkName(A)).hasMessageContaining("container id");
        assertThat(ContainerNames.checkName("my_web.1-a")).isEqualTo("my_web.1-a");
    }

    @Test
    void shortId_fullId_isFirst12() {
        assertThat(ContainerNames.shortId(A)).isEqualTo("aa1100000000");
    }
}
