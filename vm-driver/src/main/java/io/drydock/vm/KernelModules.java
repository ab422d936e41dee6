package io.drydock.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kernel's module dependency graph from {@code modules.dep} (and {@code modules.builtin}), as
 * depmod wrote it: which .ko files a guest must load, in which order, for the drivers it needs.
 */
public final class KernelModules {
    private final Path dir;
    /** Module name (dashes as underscores) to its path relative to dir. */
    private final Map<String, String> paths = new HashMap<>();
    /** Relative path to the relative paths it needs. */
    private final Map<String, List<String>> deps = new HashMap<>();
    private final Set<String> builtin = new HashSet<>();

    private KernelModules(Path dir) {
        this.dir = dir;
    }

    /** Reads {@code dir/modules.dep} and, if present, {@code dir/modules.builtin}. */
    public static KernelModules read(Path dir) throws VmException {
        KernelModules m = new KernelModules(dir);
        Path dep = dir.resolve("modules.dep");
        try {
            for (String line : Files.readAllLines(dep)) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String path = line.substring(0, colon).trim();
                String rest = line.substring(colon + 1).trim();
                m.paths.put(nameOf(path), path);
                m.deps.put(path, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
            }
            Path builtin = dir.resolve("modules.builtin");
            if (Files.isRegularFile(builtin)) {
                for (String line : Files.readAllLines(builtin)) {
                    if (!line.isBlank()) {
                        m.builtin.add(nameOf(line.trim()));
                    }
                }
            }
        } catch (IOException e) {
            throw new VmException("read modules", dep + ": " + e.getMessage(), e);
        }
        return m;
    }

    /** The module's name from its path: kernel/drivers/net/virtio_net.ko → virtio_net. */
    static String nameOf(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int dot = file.indexOf(".ko");
        return (dot > 0 ? file.substring(0, dot) : file).replace('-', '_');
    }

    /**
     * The .ko files to load for {@code names}, dependencies first, each once; built-in modules are
     * skipped. Paths are relative to the modules directory.
     *
     * @throws VmException naming a module that is neither a file nor built in
     */
    public List<String> loadOrder(List<String> names) throws VmException {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        for (String n : names) {
            String name = n.replace('-', '_');
            if (builtin.contains(name)) {
                continue;
            }
            String path = paths.get(name);
            if (path == null) {
                throw new VmException("resolve modules", "module " + n + " is neither in " + dir.resolve("modules.dep")
                    + " nor built in");
            }
            visit(path, order, new HashSet<>());
        }
        return new ArrayList<>(order);
    }

    private void visit(String path, LinkedHashSet<String> order, Set<String> onStack) throws VmException {
        if (order.contains(path)) {
            return;
        }
        if (!onStack.add(path)) {
            throw new VmException("resolve modules", "dependency cycle through " + path);
        }
        // depmod lists a module's dependencies so that loading them from last to first works.
        List<String> d = deps.getOrDefault(path, List.of());
        for (int i = d.size() - 1; i >= 0; i--) {
            visit(d.get(i), order, onStack);
        }
        order.add(path);
    }

    /** The modules directory these paths are relative to. */
    public Path dir() {
        return dir;
    }
}
