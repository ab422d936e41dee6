package io.drydock.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link ProcessRunner} that runs nothing: it records each call and answers as a well-behaved
 * CNI plugin would (VERSION, ADD echoing or making a result, CHECK and DEL succeeding), unless
 * told to answer a matching call otherwise.
 */
final class RecordingProcessRunner implements ProcessRunner {

    /** One recorded run. */
    record Call(List<String> argv, Map<String, String> env, String stdin) {
        String program() {
            return Path.of(argv.get(0)).getFileName().toString();
        }

        String command() {
            return env.getOrDefault("CNI_COMMAND", "");
        }

        JsonNode config() {
            return CniJson.object(stdin, "stdin");
        }
    }

    static final String BRIDGE_RESULT = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"br\",\"mac\":\"aa:aa:aa:aa:aa:aa\"},"
            + "{\"name\":\"eth0\",\"mac\":\"bb:bb:bb:bb:bb:bb\",\"sandbox\":\"/run/netns/x\"}],"
            + "\"ips\":[{\"interface\":1,\"address\":\"10.89.0.2/24\",\"gateway\":\"10.89.0.1\"}],"
            + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dns\":{}}";

    private final List<Call> calls = new ArrayList<>();
    private final List<Map.Entry<Predicate<Call>, Function<Call, Output>>> overrides = new ArrayList<>();

    /** Answers calls matching {@code when} with {@code answer}, ahead of the default behaviour. */
    RecordingProcessRunner answer(Predicate<Call> when, Function<Call, Output> answer) {
        overrides.add(0, Map.entry(when, answer));
        return this;
    }

    /** Makes {@code plugin}'s {@code command} fail with a CNI error object. */
    RecordingProcessRunner failPlugin(String plugin, String command, int code, String msg) {
        return answer(c -> c.program().equals(plugin) && c.command().equals(command),
                c -> new Output(1, "{\"cniVersion\":\"1.0.0\",\"code\":" + code + ",\"msg\":\"" + msg
                        + "\",\"details\":\"more about it\"}", "log line"));
    }

    /** Every call, in order. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls that were CNI commands other than VERSION, as "plugin COMMAND". */
    List<String> cniCalls() {
        return calls.stream().filter(c -> !c.command().isEmpty() && !c.command().equals("VERSION"))
                .map(c -> c.program() + " " + c.command()).toList();
    }

    @Override
    public Output run(List<String> argv, Map<String, String> environment, String stdin) throws IOException {
        Call call = new Call(List.copyOf(argv), Map.copyOf(environment), stdin);
        calls.add(call);
        for (var o : overrides) {
            if (o.getKey().test(call)) {
                return o.getValue().apply(call);
            }
        }
        return switch (call.command()) {
            case "VERSION" -> new Output(0, "{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.4.0\",\"1.0.0\"]}", "");
            case "ADD" -> {
                JsonNode prev = call.config().get("prevResult");
                if (prev != null) {
                    yield new Output(0, CniJson.write(prev), "");
                }
                yield new Output(0, call.program().equals("bridge") ? BRIDGE_RESULT
                        : "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.89.0.9/24\",\"gateway\":\"10.89.0.1\"}]}", "");
            }
            default -> new Output(0, "", "");
        };
    }
}
