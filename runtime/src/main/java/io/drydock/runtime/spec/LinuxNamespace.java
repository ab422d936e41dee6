package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of {@code linux.namespaces}.
 *
 * @param type namespace type as the spec spells it ({@code "pid"}, {@code "network"}...), see {@link NamespaceType}
 * @param path a namespace file to join (e.g. {@code /proc/1234/ns/net}); absent to create a new namespace
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxNamespace(String type, String path) {

    /** A new namespace of the given type. */
    public static LinuxNamespace create(NamespaceType type) {
        return new LinuxNamespace(type.jsonName(), null);
    }

    /** Joins the namespace at {@code path}. */
    public static LinuxNamespace join(NamespaceType type, String path) {
        return new LinuxNamespace(type.jsonName(), path);
    }
}
