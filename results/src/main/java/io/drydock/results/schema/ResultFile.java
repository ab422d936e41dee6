package io.drydock.results.schema;

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
 */
@JsonPropertyOrder({"schema", "createdAt", "machine", "figures"})
public record ResultFile(String schema, String createdAt, MachineInfo machine, List<Figure> figures) {

    /** The schema name and version this code writes and reads. */
    public static final String SCHEMA = "drydock-results/1";

    /** Validates and copies. */
    public ResultFile {
        InvalidFieldException.require("schema", schema);
        if (!SCHEMA.equals(schema)) {
            throw new InvalidFieldException("schema", "is \"" + schema + "\", this drydock reads only \"" + SCHEMA + "\"");
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
            if (!seen.add(f.key())) {
                throw new InvalidFieldException("figures[" + i + "]", "repeats the figure " + f.key().label());
            }
        }
        figures = List.copyOf(figures);
    }

    /** A result of this schema. */
    public static ResultFile of(Instant createdAt, MachineInfo machine, List<Figure> figures) {
        return new ResultFile(SCHEMA, createdAt.toString(), machine, figures);
    }
}
