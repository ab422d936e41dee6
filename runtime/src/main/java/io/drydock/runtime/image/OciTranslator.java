package io.drydock.runtime.image;

import io.drydock.runtime.image.wire.DescriptorJson;
import io.drydock.runtime.image.wire.ImageConfigJson;
import io.drydock.runtime.image.wire.ManifestJson;
import io.drydock.runtime.image.wire.PlatformJson;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates between the OCI wire types ({@code io.drydock.runtime.image.wire}) and the domain model.
 * Reading validates: a malformed digest, a missing required field or a bad value fails with an
 * {@link ImageException} naming the document and the field.
 */
public final class OciTranslator {

    private OciTranslator() {
    }

    /** A wire descriptor as a domain one; {@code where} names the field in errors. */
    public static Descriptor descriptor(DescriptorJson json, String where) throws ImageException {
        if (json == null) {
            throw new ImageException("read", where, "descriptor is missing");
        }
        if (json.mediaType() == null || json.mediaType().isBlank()) {
            throw new ImageException("read", where, "mediaType is missing");
        }
        Digest digest = digest(json.digest(), where + ".digest");
        if (json.size() < 0) {
            throw new ImageException("read", where + ".size", "is negative: " + json.size());
        }
        Platform platform = null;
        PlatformJson p = json.platform();
        if (p != null && p.os() != null && p.architecture() != null) {
            platform = new Platform(p.os(), p.architecture(), p.variant());
        }
        return new Descriptor(json.mediaType(), digest, json.size(), json.annotations(), platform);
    }

    /** A domain descriptor on the wire. */
    public static DescriptorJson toJson(Descriptor d) {
        PlatformJson platform = d.platform() == null ? null
                : new PlatformJson(d.platform().architecture(), d.platform().os(), null, null, d.platform().variant());
        return new DescriptorJson(d.mediaType(), d.digest().toString(), d.size(), null,
                d.annotations().isEmpty() ? null : new TreeMap<>(d.annotations()), null, platform, null);
    }

    /** A wire manifest as a domain one. */
    public static ImageManifest manifest(ManifestJson json, String where) throws ImageException {
        if (json.schemaVersion() != 2) {
            throw new ImageException("read", where + ".schemaVersion", "must be 2, is " + json.schemaVersion());
        }
        if (json.mediaType() != null && !MediaTypes.isManifest(json.mediaType())) {
            throw new ImageException("read", where + ".mediaType", "'" + json.mediaType() + "' is not an image manifest");
        }
        Descriptor config = descriptor(json.config(), where + ".config");
        List<Descriptor> layers = new ArrayList<>();
        List<DescriptorJson> wireLayers = json.layers() == null ? List.of() : json.layers();
        for (int i = 0; i < wireLayers.size(); i++) {
            layers.add(descriptor(wireLayers.get(i), where + ".layers[" + i + "]"));
        }
        return new ImageManifest(config, layers, json.annotations());
    }

    /** A domain manifest on the wire, as an OCI manifest. */
    public static ManifestJson toJson(ImageManifest m) {
        List<DescriptorJson> layers = m.layers().stream().map(OciTranslator::toJson).toList();
        return new ManifestJson(2, MediaTypes.OCI_MANIFEST, null, toJson(m.config()), layers, null,
                m.annotations().isEmpty() ? null : new TreeMap<>(m.annotations()));
    }

    /** A wire image configuration as a domain one. */
    public static ImageConfig config(ImageConfigJson json, String where) throws ImageException {
        if (json.os() == null || json.architecture() == null) {
            throw new ImageException("read", where, "os and architecture are required");
        }
        if (json.rootfs() == null) {
            throw new ImageException("read", where + ".rootfs", "is missing");
        }
        if (!"layers".equals(json.rootfs().type())) {
            throw new ImageException("read", where + ".rootfs.type", "must be 'layers', is '" + json.rootfs().type() + "'");
        }
        List<Digest> diffIds = new ArrayList<>();
        List<String> wireIds = json.rootfs().diffIds() == null ? List.of() : json.rootfs().diffIds();
        for (int i = 0; i < wireIds.size(); i++) {
            diffIds.add(digest(wireIds.get(i), where + ".rootfs.diff_ids[" + i + "]"));
        }
        List<HistoryEntry> history = new ArrayList<>();
        if (json.history() != null) {
            for (int i = 0; i < json.history().size(); i++) {
                ImageConfigJson.History h = json.history().get(i);
                history.add(new HistoryEntry(instant(h.created(), where + ".history[" + i + "].created"),
                        h.createdBy(), h.comment(), Boolean.TRUE.equals(h.emptyLayer())));
            }
        }
        ImageConfigJson.Config c = json.config() != null ? json.config()
                : new ImageConfigJson.Config(null, null, null, null, null, null, null, null, null);
        try {
            return new ImageConfig(new Platform(json.os(), json.architecture(), json.variant()),
                    instant(json.created(), where + ".created"),
                    orEmpty(c.env()), orEmpty(c.entrypoint()), orEmpty(c.cmd()),
                    blankToNull(c.workingDir()), blankToNull(c.user()),
                    c.exposedPorts() == null ? java.util.Set.of() : c.exposedPorts().keySet(),
                    c.labels() == null ? Map.of() : c.labels(), blankToNull(c.stopSignal()), diffIds, history);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ImageException("read", where + ".config", e.getMessage(), e);
        }
    }

    /** A domain image configuration on the wire. */
    public static ImageConfigJson toJson(ImageConfig c) {
        Map<String, Map<String, Object>> ports = new TreeMap<>();
        for (String port : c.exposedPorts()) {
            ports.put(port, new LinkedHashMap<>());
        }
        ImageConfigJson.Config config = new ImageConfigJson.Config(c.user(), ports, c.env(), c.entrypoint(),
                c.cmd(), null, c.workingDir(), c.labels().isEmpty() ? null : new TreeMap<>(c.labels()),
                c.stopSignal());
        List<ImageConfigJson.History> history = c.history().stream()
                .map(h -> new ImageConfigJson.History(h.created() == null ? null : h.created().toString(),
                        h.createdBy(), null, h.comment(), h.emptyLayer() ? Boolean.TRUE : null))
                .toList();
        return new ImageConfigJson(c.created() == null ? null : c.created().toString(), null,
                c.platform().architecture(), c.platform().os(), null, null, c.platform().variant(), config,
                new ImageConfigJson.RootFs("layers", c.diffIds().stream().map(Digest::toString).toList()),
                history);
    }

    private static Digest digest(String text, String where) throws ImageException {
        if (text == null) {
            throw new ImageException("read", where, "is missing");
        }
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ImageException("read", where, e.getMessage(), e);
        }
    }

    private static Instant instant(String text, String where) throws ImageException {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ImageException("read", where, "'" + text + "' is not an RFC 3339 date-time", e);
        }
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
