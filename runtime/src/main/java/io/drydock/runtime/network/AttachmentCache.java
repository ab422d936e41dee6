package io.drydock.runtime.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The on-disk cache of attachments, one JSON file per (network, container id, interface), as a
 * CNI runtime keeps one: DEL after a restart needs the ADD result, and prune finds leftovers here.
 * Files are replaced atomically so a crash leaves either the old or the new file.
 */
public final class AttachmentCache {
    /** The cache file's own format; unknown fields are refused when it is read. */
    record CacheFile(int formatVersion, String network, String containerId, String netns, long netnsInode,
                     String ifName, Map<String, String> args, List<String> portMappings, JsonNode config,
                     JsonNode result) {
    }

    static final int FORMAT_VERSION = 1;

    private final Path directory;

    /** A cache kept in {@code directory} (created when first written). */
    public AttachmentCache(Path directory) {
        this.directory = directory;
    }

    /** The cache directory. */
    public Path directory() {
        return directory;
    }

    /** Writes (or replaces) the entry for the attachment. */
    public void store(CachedAttachment attachment) throws NetworkException {
        CniRuntimeConf rt = attachment.runtimeConf();
        CacheFile file = new CacheFile(FORMAT_VERSION, attachment.network(), rt.containerId(), rt.netns(),
                attachment.netnsInode(), rt.ifName(),
                rt.args(), rt.portMappings().stream().map(PortMapping::toString).toList(),
                CniJson.object(attachment.config().toJson(), "conflist"), attachment.result().tree());
        Path target = path(attachment.network(), rt.containerId(), rt.ifName());
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, ".tmp-", ".json");
            try {
                Files.writeString(temp, CniJson.MAPPER.writeValueAsString(file), StandardCharsets.UTF_8);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new NetworkException("writing attachment cache " + target + " failed: " + e.getMessage(), e);
        }
    }

    /** The entry for the attachment, if there is one. */
    public Optional<CachedAttachment> load(String network, String containerId, String ifName) throws NetworkException {
        Path file = path(network, containerId, ifName);
        try {
            return Optional.of(read(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new NetworkException("reading attachment cache " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Removes the entry; nothing happens when there is none. */
    public void remove(String network, String containerId, String ifName) throws NetworkException {
        Path file = path(network, containerId, ifName);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new NetworkException("removing attachment cache " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Every entry of {@code network}, in file name order. */
    public List<CachedAttachment> list(String network) throws NetworkException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<CachedAttachment> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(network + "-") && name.endsWith(".json")) {
                    CachedAttachment a = read(file);
                    if (a.network().equals(network)) {
                        result.add(a);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // removed by a concurrent DEL between listing and reading: no longer an attachment
        } catch (IOException e) {
            throw new NetworkException("listing attachment cache " + directory + " failed: " + e.getMessage(), e);
        }
        return result;
    }

    private CachedAttachment read(Path file) throws IOException, NetworkException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            CacheFile f = CniJson.MAPPER.readValue(text, CacheFile.class);
            if (f.formatVersion() != FORMAT_VERSION) {
                throw new NetworkException("attachment cache " + file + " has formatVersion " + f.formatVersion()
                        + ", this drydock reads " + FORMAT_VERSION);
            }
            List<PortMapping> ports = f.portMappings().stream().map(PortMapping::parse).toList();
            CniRuntimeConf rt = new CniRuntimeConf(f.containerId(), f.netns(), f.ifName(), f.args(), ports);
            return new CachedAttachment(CniConfigList.parse(CniJson.write(f.config())), rt,
                    CniResult.parse(CniJson.write(f.result())), f.netnsInode());
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new NetworkException("attachment cache " + file + " is malformed: " + e.getMessage(), e);
        }
    }

    Path path(String network, String containerId, String ifName) {
        return directory.resolve(network + "-" + containerId + "-" + ifName + ".json");
    }
}
