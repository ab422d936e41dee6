package io.drydock.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and native-access rules of DESIGN.md, kept true by the build. The cli module sees every
 * other module, so the whole of drydock's production code is imported here.
 */
class ArchitectureTest {
    private static JavaClasses drydock;

    @BeforeAll
    static void importClasses() {
        drydock = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.drydock");
    }

    private static void check(ArchRule rule) {
        rule.allowEmptyShould(true).check(drydock);
    }

    @Test
    void runtime_doesNotDependOnVmDriver() {
        check(noClasses().that().resideInAPackage("io.drydock.runtime..")
            .should().dependOnClassesThat().resideInAPackage("io.drydock.vm.."));
    }

    @Test
    void vmDriver_doesNotDependOnRuntime() {
        check(noClasses().that().resideInAPackage("io.drydock.vm..")
            .should().dependOnClassesThat().resideInAPackage("io.drydock.runtime.."));
    }

    @Test
    void onlySysLinux_importsJna() {
        check(noClasses().that().resideOutsideOfPackage("io.drydock.runtime.sys.linux..")
            .should().dependOnClassesThat().resideInAPackage("com.sun.jna.."));
    }

    @Test
    void onlyVmLibvirt_importsLibvirt() {
        check(noClasses().that().resideOutsideOfPackage("io.drydock.vm.libvirt..")
            .should().dependOnClassesThat().resideInAPackage("org.libvirt.."));
    }

    @Test
    void results_dependsOnNoOtherDrydockModule() {
        check(noClasses().that().resideInAPackage("io.drydock.results..")
            .should().dependOnClassesThat().resideInAnyPackage(
                "io.drydock.runtime..", "io.drydock.vm..", "io.drydock.platform..",
                "io.drydock.bench..", "io.drydock.conformance..", "io.drydock.cli.."));
    }

    @Test
    void platform_dependsOnlyOnRuntimeAndVmDriver() {
        check(noClasses().that().resideInAPackage("io.drydock.platform..")
            .should().dependOnClassesThat().resideInAnyPackage(
                "io.drydock.bench..", "io.drydock.conformance..", "io.drydock.cli..", "io.drydock.results.."));
    }

    @Test
    void benchmarksAndConformance_doNotDependOnEachOtherOrCli() {
        check(noClasses().that().resideInAPackage("io.drydock.bench..")
            .should().dependOnClassesThat().resideInAnyPackage("io.drydock.conformance..", "io.drydock.cli.."));
        check(noClasses().that().resideInAPackage("io.drydock.conformance..")
            .should().dependOnClassesThat().resideInAnyPackage("io.drydock.bench..", "io.drydock.cli.."));
    }

    @Test
    void onlyCliAndRuntimeCli_usePicocli() {
        check(noClasses().that().resideOutsideOfPackages("io.drydock.cli..", "io.drydock.runtime.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli.."));
    }

    @Test
    void daemon_dependsOnlyOnRuntime() {
        check(noClasses().that().resideInAPackage("io.drydock.daemon..")
            .should().dependOnClassesThat().resideInAnyPackage(
                "io.drydock.vm..", "io.drydock.platform..", "io.drydock.bench..", "io.drydock.conformance..",
                "io.drydock.results..", "io.drydock.cli.."));
    }

    @Test
    void onlyDaemon_usesJetty() {
        check(noClasses().that().resideOutsideOfPackage("io.drydock.daemon..")
            .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty.."));
    }

    @Test
    void nothingButCli_dependsOnDaemon() {
        check(noClasses().that().resideOutsideOfPackage("io.drydock.cli..")
            .and().resideOutsideOfPackage("io.drydock.daemon..")
            .should().dependOnClassesThat().resideInAPackage("io.drydock.daemon.."));
    }
}
