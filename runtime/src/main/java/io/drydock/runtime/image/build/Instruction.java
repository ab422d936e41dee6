package io.drydock.runtime.image.build;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Containerfile instruction, as written (variables are expanded when the build reaches it).
 * Every instruction knows its 1-based {@link #line} and its {@link #text} (the instruction as one
 * line, continuations joined), which the build prints and keys its cache with.
 */
public sealed interface Instruction {

    /** The line the instruction starts on. */
    int line();

    /** The instruction as one line, e.g. {@code RUN echo x > /f}. */
    String text();

    /** Whether the instruction adds a layer (RUN, COPY, ADD) rather than changing only the config. */
    default boolean addsLayer() {
        return this instanceof Run || this instanceof Copy;
    }

    /** {@code FROM image [AS name]}; {@code scratch} is the empty image. */
    record From(int line, String text, String image, String alias) implements Instruction {
        /** Validates. */
        public From {
            Objects.requireNonNull(image, "image");
        }
    }

    /**
     * {@code RUN}: exec form ({@code ["a","b"]}) runs {@code command} as is; shell form runs
     * {@code /bin/sh -c command.get(0)}.
     */
    record Run(int line, String text, List<String> command, boolean shellForm) implements Instruction {
        /** Validates and copies. */
        public Run {
            command = List.copyOf(command);
        }
    }

    /**
     * {@code COPY} or {@code ADD} ({@code add} true) of build-context files, with
     * {@code --chown=user[:group]} or null; {@code from} names an earlier stage (alias or index) or
     * an image to copy from instead of the context ({@code COPY --from=}), or is null.
     */
    record Copy(int line, String text, List<String> sources, String destination, String chown, boolean add,
                String from) implements Instruction {
        /** Validates and copies. */
        public Copy {
            sources = List.copyOf(sources);
            Objects.requireNonNull(destination, "destination");
        }
    }

    /** {@code ENV k=v ...} (in order). */
    record Env(int line, String text, Map<String, String> variables) implements Instruction {
        /** Copies, keeping order. */
        public Env {
            variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
        }
    }

    /** {@code ARG name[=default]}; {@code defaultValue} is null without a default. */
    record Arg(int line, String text, String name, String defaultValue) implements Instruction {
    }

    /** {@code WORKDIR path}. */
    record Workdir(int line, String text, String path) implements Instruction {
    }

    /** {@code USER user[:group]}. */
    record User(int line, String text, String user) implements Instruction {
    }

    /** {@code EXPOSE port[/proto] ...}. */
    record Expose(int line, String text, List<String> ports) implements Instruction {
        /** Copies. */
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    /** {@code CMD}: exec form, or shell form as {@code /bin/sh -c ...}. */
    record Cmd(int line, String text, List<String> command, boolean shellForm) implements Instruction {
        /** Copies. */
        public Cmd {
            command = List.copyOf(command);
        }
    }

    /** {@code ENTRYPOINT}: exec form, or shell form as {@code /bin/sh -c ...}. */
    record Entrypoint(int line, String text, List<String> command, boolean shellForm) implements Instruction {
        /** Copies. */
        public Entrypoint {
            command = List.copyOf(command);
        }
    }

    /** {@code LABEL k=v ...} (in order). */
    record Label(int line, String text, Map<String, String> labels) implements Instruction {
        /** Copies, keeping order. */
        public Label {
            labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        }
    }
}
