package io.drydock.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands the suite's tests the runtime under test and a {@link Harness}, from the configuration
 * parameters {@link Certification} gives the launcher; closes each test's harness after it; and
 * marks tests "not applicable" where they do not apply: engine tests on a bare OCI runtime, container
 * tests on the VM platform and VM tests on a container runtime.
 */
public final class RuntimeExtension implements ParameterResolver, AfterEachCallback, ExecutionCondition {
    /** Configuration parameter: the runtime under test as JSON. */
    public static final String RUNTIME = "drydock.certify.runtime";
    /** Configuration parameter: the run's work directory. */
    public static final String WORK = "drydock.certify.work";
    /** Configuration parameter: the cgroup the run's containers go below. */
    public static final String CGROUP_PARENT = "drydock.certify.cgroup-parent";
    /** How every not-applicable skip's reason starts. */
    public static final String NOT_APPLICABLE = "not applicable to ";
    /** The reason an engine test gives a bare OCI runtime. */
    public static final String NOT_APPLICABLE_BARE = NOT_APPLICABLE + "a bare OCI runtime: ";
    /** The reason a container test gives the VM platform. */
    public static final String NOT_APPLICABLE_VM = NOT_APPLICABLE + "a VM: ";
    /** The reason a VM test gives a container runtime. */
    public static final String NOT_APPLICABLE_CONTAINER = NOT_APPLICABLE + "a container runtime: ";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RuntimeExtension.class);
    private static final AtomicInteger TESTS = new AtomicInteger();

    /** The runtime under test, from the configuration parameters. */
    static RuntimeUnderTest runtime(ExtensionContext context) {
        String json = context.getConfigurationParameter(RUNTIME)
            .orElseThrow(() -> new ExtensionConfigurationException("the suite runs from drydock certify: parameter " + RUNTIME + " is missing"));
        try {
            return Json.MAPPER.readValue(json, RuntimeUnderTest.class);
        } catch (JsonProcessingException e) {
            throw new ExtensionConfigurationException("parameter " + RUNTIME + " is not a runtime: " + e.getOriginalMessage(), e);
        }
    }

    static Path work(ExtensionContext context) {
        return Path.of(context.getConfigurationParameter(WORK)
            .orElseThrow(() -> new ExtensionConfigurationException("parameter " + WORK + " is missing")));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Conformance c = context.getRequiredTestClass().getAnnotation(Conformance.class);
        String reason = c == null ? null : notApplicable(c, runtime(context));
        return reason == null ? ConditionEvaluationResult.enabled("applicable") : ConditionEvaluationResult.disabled(reason);
    }

    /** Why a class marked {@code c} does not apply to {@code rt}, or null when it does. */
    static String notApplicable(Conformance c, RuntimeUnderTest rt) {
        String area = c.area().title().toLowerCase(java.util.Locale.ROOT);
        if (rt.vm() && !c.vm()) {
            return NOT_APPLICABLE_VM + "these " + area + " tests check " + (c.engine()
                ? "drydock's container engine (overlay images, veth networking); the VM platform has its own"
                : "runc's command line and the OCI runtime spec, which a VM does not implement");
        }
        if (!rt.vm() && c.vm()) {
            return NOT_APPLICABLE_CONTAINER + "these " + area + " tests check drydock's VM platform";
        }
        if (c.engine() && !rt.drydock()) {
            return NOT_APPLICABLE_BARE + area + " is drydock's engine (images, bridge network), not part of the OCI runtime contract";
        }
        return null;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == Harness.class || type == RuntimeUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        RuntimeUnderTest rt = runtime(e);
        if (p.getParameter().getType() == RuntimeUnderTest.class) {
            return rt;
        }
        Path work = work(e);
        Path dir = work.resolve("tests").resolve(Integer.toString(TESTS.incrementAndGet()));
        Path state = work.resolve("state");
        try {
            Files.createDirectories(dir);
            Files.createDirectories(state);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot make " + dir + ": " + ex.getMessage(), ex);
        }
        String parent = e.getConfigurationParameter(CGROUP_PARENT).orElse("/drydock-certify");
        Harness h = new Harness(rt, dir, state, parent);
        harnesses(e).add(h);
        return h;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<Harness> made = harnesses(context);
        for (Harness h : made) {
            h.close();
        }
        made.clear();
    }

    @SuppressWarnings("unchecked")
    private static List<Harness> harnesses(ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent("harnesses", k -> new ArrayList<Harness>(), List.class);
    }
}
