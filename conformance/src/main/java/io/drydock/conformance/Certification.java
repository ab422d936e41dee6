package io.drydock.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.drydock.conformance.cleanup.CleanupConformance;
import io.drydock.conformance.cow.CopyOnWriteConformance;
import io.drydock.conformance.isolation.IsolationConformance;
import io.drydock.conformance.lifecycle.LifecycleConformance;
import io.drydock.conformance.portmapping.PortMappingConformance;
import io.drydock.conformance.resources.ResourcesConformance;
import io.drydock.conformance.vm.VmCleanupConformance;
import io.drydock.conformance.vm.VmCopyOnWriteConformance;
import io.drydock.conformance.vm.VmIsolationConformance;
import io.drydock.conformance.vm.VmPortMappingConformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the conformance suite against one runtime with the JUnit Platform launcher and collects
 * each test's {@link Outcome}.
 */
public final class Certification {
    /** The suite's classes, one per area. */
    static final Map<Area, Class<?>> SUITE = Map.of(
        Area.LIFECYCLE, LifecycleConformance.class,
        Area.ISOLATION, IsolationConformance.class,
        Area.RESOURCES, ResourcesConformance.class,
        Area.PORT_MAPPING, PortMappingConformance.class,
        Area.COW, CopyOnWriteConformance.class,
        Area.CLEANUP, CleanupConformance.class);
    /**
     * The VM platform's classes, for the areas whose claims a VM makes; its other areas run the
     * container classes, which say they are not applicable to a VM.
     */
    static final Map<Area, Class<?>> VM_SUITE = Map.of(
        Area.ISOLATION, VmIsolationConformance.class,
        Area.PORT_MAPPING, VmPortMappingConformance.class,
        Area.COW, VmCopyOnWriteConformance.class,
        Area.CLEANUP, VmCleanupConformance.class);

    private Certification() {}

    /**
     * Certifies {@code runtime} in {@code areas}, using {@code work} (a directory this run owns,
     * emptied at the end) for bundles and the runtime's state.
     *
     * @param progress told each outcome as it happens (a line per test on the terminal)
     */
    public static RuntimeReport run(RuntimeUnderTest runtime, Collection<Area> areas, Path work, HostInfo host,
                                    Consumer<Outcome> progress) throws CertificationException {
        try {
            Files.createDirectories(work);
            // Containers in a user namespace run as a mapped uid that must reach their rootfs below here.
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new CertificationException("cannot make the work directory " + work + ": " + e.getMessage(), e);
        }
        for (Path dir = work.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(dir).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new CertificationException("the work directory's parent " + dir + " is not traversable by other users "
                        + "(o+x): the user namespace test runs as a mapped uid that must reach its bundle below it");
                }
            } catch (IOException e) {
                throw new CertificationException("cannot read the permissions of " + dir + ": " + e.getMessage(), e);
            }
        }
        String runtimeJson;
        try {
            runtimeJson = Json.MAPPER.writeValueAsString(runtime);
        } catch (JsonProcessingException e) {
            throw new CertificationException("cannot describe runtime " + runtime.name() + ": " + e.getMessage(), e);
        }
        String cgroupParent = "/drydock-certify-" + ProcessHandle.current().pid();
        List<Area> ordered = List.of(Area.values()).stream().filter(areas::contains).toList();
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
            .configurationParameter(RuntimeExtension.RUNTIME, runtimeJson)
            .configurationParameter(RuntimeExtension.WORK, work.toAbsolutePath().toString())
            .configurationParameter(RuntimeExtension.CGROUP_PARENT, cgroupParent)
            .configurationParameter("junit.jupiter.execution.timeout.default", "120 s")
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false");
        for (Area a : ordered) {
            request.selectors(selectClass(classFor(runtime, a)));
        }
        LauncherDiscoveryRequest discovery = request.build();
        Collector collector = new Collector(progress);
        Instant started = Instant.now();
        try {
            Launcher launcher = LauncherFactory.create();
            launcher.execute(discovery, collector);
        } finally {
            removeCgroupParent(cgroupParent);
            Harness.removeTree(work);
        }
        return new RuntimeReport(runtime, host, started, Duration.between(started, Instant.now()), ordered,
            collector.outcomes());
    }

    /** The class that certifies {@code runtime} in {@code area}. */
    static Class<?> classFor(RuntimeUnderTest runtime, Area area) {
        return runtime.vm() && VM_SUITE.containsKey(area) ? VM_SUITE.get(area) : SUITE.get(area);
    }

    private static void removeCgroupParent(String parent) {
        for (Path h : HostCgroups.mountPoints()) {
            try {
                Files.deleteIfExists(h.resolve(parent.substring(1)));
            } catch (IOException ignored) {
                // Not empty: a container's cgroup remains, which the cleanup tests report.
            }
        }
    }

    /** Turns the launcher's events into outcomes. */
    static final class Collector implements TestExecutionListener {
        private final Consumer<Outcome> progress;
        private final List<Outcome> outcomes = new ArrayList<>();
        private final Map<String, Instant> starts = new ConcurrentHashMap<>();
        private TestPlan plan;

        Collector(Consumer<Outcome> progress) {
            this.progress = progress;
        }

        synchronized List<Outcome> outcomes() {
            return List.copyOf(outcomes);
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            this.plan = testPlan;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            starts.put(id.getUniqueId(), Instant.now());
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            Outcome.Status status = reason != null && reason.startsWith(RuntimeExtension.NOT_APPLICABLE)
                ? Outcome.Status.NOT_APPLICABLE : Outcome.Status.SKIPPED_UNDECLARED;
            for (TestIdentifier t : testsOf(id)) {
                record(t, status, reason == null ? "disabled" : reason);
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest()) {
                record(id, statusOf(result), messageOf(result));
            } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                // A class whose set-up failed: its tests did not run, and each says why.
                for (TestIdentifier t : testsOf(id)) {
                    record(t, statusOf(result), "set-up failed: " + messageOf(result));
                }
            }
        }

        private List<TestIdentifier> testsOf(TestIdentifier id) {
            if (id.isTest()) {
                return List.of(id);
            }
            return plan.getDescendants(id).stream().filter(TestIdentifier::isTest).toList();
        }

        private static Outcome.Status statusOf(TestExecutionResult result) {
            return switch (result.getStatus()) {
                case SUCCESSFUL -> Outcome.Status.PASSED;
                case FAILED -> Outcome.Status.FAILED;
                case ABORTED -> result.getThrowable().filter(HostLacks.class::isInstance).isPresent()
                    ? Outcome.Status.SKIPPED
                    : result.getThrowable().filter(OptionalFeature.class::isInstance).isPresent()
                        ? Outcome.Status.NOT_APPLICABLE : Outcome.Status.SKIPPED_UNDECLARED;
            };
        }

        private static String messageOf(TestExecutionResult result) {
            return result.getThrowable().map(t -> {
                String m = t.getMessage();
                String text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
                if (result.getStatus() == TestExecutionResult.Status.ABORTED && t instanceof HostLacks) {
                    text = "needs " + text;
                } else if (result.getStatus() == TestExecutionResult.Status.ABORTED && t instanceof OptionalFeature) {
                    text = "the runtime does not offer " + text;
                } else if (!(t instanceof AssertionError) && result.getStatus() == TestExecutionResult.Status.FAILED) {
                    text = t.getClass().getSimpleName() + ": " + text;
                }
                return text.strip();
            }).orElse("");
        }

        private synchronized void record(TestIdentifier t, Outcome.Status status, String message) {
            if (outcomes.stream().anyMatch(o -> o.id().equals(idOf(t)))) {
                return;
            }
            Instant start = starts.get(t.getUniqueId());
            Duration d = start == null ? Duration.ZERO : Duration.between(start, Instant.now());
            Area area = Area.LIFECYCLE;
            String section = "";
            Level level = Level.MUST;
            if (t.getSource().orElse(null) instanceof MethodSource ms) {
                Conformance c = ms.getJavaClass().getAnnotation(Conformance.class);
                if (c != null) {
                    area = c.area();
                }
                Requirement r = ms.getJavaMethod().getAnnotation(Requirement.class);
                if (r != null) {
                    section = r.section();
                    level = r.level();
                }
            }
            Outcome o = new Outcome(idOf(t), t.getDisplayName(), area, section, level, status,
                status == Outcome.Status.PASSED ? "" : message, d);
            outcomes.add(o);
            progress.accept(o);
        }

        private static String idOf(TestIdentifier t) {
            if (t.getSource().orElse(null) instanceof MethodSource ms) {
                Conformance c = ms.getJavaClass().getAnnotation(Conformance.class);
                return (c == null ? ms.getClassName() : c.area().key()) + "." + ms.getMethodName();
            }
            return t.getUniqueId();
        }
    }
}
