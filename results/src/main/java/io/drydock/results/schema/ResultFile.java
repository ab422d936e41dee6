package io.drydock.results.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A drydock result file: every figure of one run with the machine it ran on.
 *
 * @param schema    always {@link #SCHEMA}; a reader refuses any other
 * @param createdAt when the run finished, ISO-8601 UTC ({@code 2026-11-28T06:00:00Z})
 * @param machine   the machine measured
 * @param figures   the figures, no two with the same {@link FigureKey}
 * @param ratios    each platform's figure against its peer's, with intervals and precision flags
 *                  (schema 2; none in schema 1 files); each names two figures of this file. Schema 3
 *                  adds each figure's {@code slots} (the interleaved run of each fork) and each
 *                  ratio's {@code paired}; a schema 1 or 2 file has neither
 */
@JsonPropertyOrder({"schema", "createdAt", "machine", "figures", "ratios"})
public record ResultFile(String schema, String createdAt, MachineInfo machine, List<Figure> figures,
                         List<Ratio> ratios) {

    /** The schema name and version this code writes. */
    public static final String SCHEMA = "drydock-results/3";
    /** The first schema, without ratios: still read. */
    public static final String SCHEMA_1 = "drydock-results/1";
    /** The second schema, with ratios but without fork slots: still read. */
    public static final String SCHEMA_2 = "drydock-results/2";
    /** Every schema this code reads. */
    public static final List<String> READABLE = List.of(SCHEMA_1, SCHEMA_2, SCHEMA);

    /** Validates and copies. */
    @JsonCreator
    public ResultFile {
        InvalidFieldException.require("schema", schema);
        if (!READABLE.contains(schema)) {
            throw new InvalidFieldException("schema", "is \"" + schema + "\", this drydock reads only " + READABLE);
        }
        InvalidFieldException.require("createdAt", createdAt);
        try {
            Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException("createdAt", "is not an ISO-8601 instant: \"" + createdAt + "\"");
        }
        if (machine == null) {
            throw new InvalidFieldException("machine", "is required");
        }
        if (figures == null) {
            throw new InvalidFieldException("figures", "is required");
        }
        Set<FigureKey> seen = new HashSet<>();
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            if (f == null) {
                throw new InvalidFieldException("figures[" + i + "]", "must not be null");
            }
            if (f.slots() != null && !SCHEMA.equals(schema)) {
                throw new InvalidFieldException("figures[" + i + "].slots", "appear only in " + SCHEMA
                        + " files, this one is " + schema);
            }
            if (!seen.add(f.key())) {
                throw new InvalidFieldException("figures[" + i + "]", "repeats the figure " + f.key().label());
            }
        }
        figures = List.copyOf(figures);
        ratios = ratios == null ? List.of() : List.copyOf(ratios);
        if (SCHEMA_1.equals(schema) && !ratios.isEmpty()) {
            throw new InvalidFieldException("ratios", "appear only in " + SCHEMA + " files, this one is " + SCHEMA_1);
        }
        Set<FigureKey> ratioKeys = new HashSet<>();
        for (int i = 0; i < ratios.size(); i++) {
            Ratio r = ratios.get(i);
            if (r == null) {
                throw new InvalidFieldException("ratios[" + i + "]", "must not be null");
            }
            if (!seen.contains(r.key()) || !seen.contains(r.peerKey())) {
                throw new InvalidFieldException("ratios[" + i + "]", "names a figure this file does not have: "
                        + (seen.contains(r.key()) ? r.peerKey() : r.key()).label());
            }
            if (r.paired() && !SCHEMA.equals(schema)) {
                throw new InvalidFieldException("ratios[" + i + "].paired", "appears only in " + SCHEMA
                        + " files, this one is " + schema);
            }
            if (!ratioKeys.add(r.key())) {
                throw new InvalidFieldException("ratios[" + i + "]", "repeats the ratio of " + r.key().label());
            }
        }
    }

    /** A result without ratios (a file of schema 1 read back, or a fixture). */
    public ResultFile(String schema, String createdAt, MachineInfo machine, List<Figure> figures) {
        this(schema, createdAt, machine, figures, List.of());
    }

    /** A result of this schema. */
    public static ResultFile of(Instant createdAt, MachineInfo machine, List<Figure> figures) {
        return of(createdAt, machine, figures, List.of());
    }

    /** A result of this schema with ratios. */
    public static ResultFile of(Instant createdAt, MachineInfo machine, List<Figure> figures, List<Ratio> ratios) {
        return new ResultFile(SCHEMA, createdAt.toString(), machine, figures, ratios);
    }
}
