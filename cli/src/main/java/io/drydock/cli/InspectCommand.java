package io.drydock.cli;

import io.drydock.runtime.engine.ContainerCatalog;
import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.NoSuchContainerException;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageConfig;
import io.drydock.runtime.image.ImageNotFoundException;
import io.drydock.runtime.image.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drydock inspect}: a container's or an image's details as JSON (containers are looked up first). */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show containers or images as a JSON array.")
public final class InspectCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Override
    public Integer call() {
        List<Object> out = new ArrayList<>();
        int status = 0;
        try (Engine e = engine.open()) {
            for (String n : names) {
                try {
                    out.add(container(e, e.container(n)));
                } catch (NoSuchContainerException notContainer) {
                    try {
                        out.add(image(e.images().inspect(n)));
                    } catch (ImageNotFoundException notImage) {
                        status = engine.fail(spec.commandLine(),
                                new IllegalArgumentException("no such container or image: " + n), UserErrors.FAILED);
                    }
                }
            }
            System.out.println(ContainerCatalog.toJson(out));
            return status;
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }

    private static Map<String, Object> container(Engine e, EngineContainer c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Name", c.name());
        m.put("Created", c.created());
        m.put("Image", c.imageId());
        m.put("Config", Map.of("Image", c.image(), "Cmd", c.args(), "Hostname", c.hostname()));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", c.state());
        state.put("Running", e.isRunning(c.id()));
        state.put("ExitCode", c.exitCode());
        state.put("FinishedAt", c.finished());
        m.put("State", state);
        Map<String, Object> net = new LinkedHashMap<>();
        net.put("Mode", c.network());
        net.put("IPAddress", c.address());
        net.put("Ports", c.ports());
        m.put("NetworkSettings", net);
        m.put("AutoRemove", c.autoRemove());
        return m;
    }

    static Map<String, Object> image(Image i) {
        ImageConfig c = i.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", i.id().toString());
        m.put("Digest", i.manifestDigest().toString());
        m.put("RepoTags", i.names().stream().map(ImageReference::familiar).toList());
        m.put("Created", c.created() == null ? null : c.created().toString());
        m.put("Architecture", c.platform().architecture());
        m.put("Os", c.platform().os());
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("Env", c.env());
        conf.put("Entrypoint", c.entrypoint());
        conf.put("Cmd", c.cmd());
        conf.put("WorkingDir", c.workingDir());
        conf.put("User", c.user());
        conf.put("ExposedPorts", c.exposedPorts());
        conf.put("Labels", c.labels());
        conf.put("StopSignal", c.stopSignal());
        m.put("Config", conf);
        m.put("RootFS", Map.of("Type", "layers", "Layers", c.diffIds().stream().map(Object::toString).toList()));
        m.put("Size", i.layersSize());
        return m;
    }
}
