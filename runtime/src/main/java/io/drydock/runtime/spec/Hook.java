package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One hook command.
 *
 * @param path    absolute path of the executable in the runtime namespace; required
 * @param args    argv, including argv[0]
 * @param env     environment as {@code KEY=value}
 * @param timeout seconds before the hook is aborted; must be positive when set
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Hook(String path, List<String> args, List<String> env, Integer timeout) {
    public Hook {
        args = Copies.list("args", args);
        env = Copies.list("env", env);
    }
}
