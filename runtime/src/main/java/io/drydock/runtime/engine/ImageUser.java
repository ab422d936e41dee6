package io.drydock.runtime.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a user as images and {@code --user} name it ({@code nobody}, {@code 1000},
 * {@code app:staff}, {@code 1000:1000}) into ids, with the image's own {@code /etc/passwd} and
 * {@code /etc/group}, as docker does.
 *
 * @param uid            the user id
 * @param gid            the primary group id
 * @param additionalGids the groups of {@code /etc/group} that list the user by name
 * @param home           the home directory, or {@code null}
 */
public record ImageUser(long uid, long gid, List<Long> additionalGids, String home) {

    public ImageUser {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("user ids must be >= 0, got " + uid + ":" + gid);
        }
        additionalGids = List.copyOf(additionalGids);
    }

    /**
     * Resolves {@code spec}; {@code null} or empty means root.
     *
     * @param passwd the text of the image's /etc/passwd, or empty
     * @param group  the text of the image's /etc/group, or empty
     * @throws IllegalArgumentException naming the user or group that the image does not know
     */
    public static ImageUser resolve(String spec, String passwd, String group) {
        if (spec == null || spec.isEmpty()) {
            spec = "0";
        }
        String[] parts = spec.split(":", 2);
        String userPart = parts[0];
        Long uid = number(userPart);
        String userName = null;
        Long gid = null;
        String home = null;
        Optional<String[]> pw = Optional.empty();
        if (uid == null) {
            pw = passwdEntry(passwd, fields -> fields[0].equals(userPart));
            if (pw.isEmpty()) {
                throw new IllegalArgumentException("user '" + userPart + "' is not in the image's /etc/passwd");
            }
        } else {
            long wanted = uid;
            pw = passwdEntry(passwd, fields -> wanted == parseOr(fields[2], -1));
        }
        if (pw.isPresent()) {
            String[] f = pw.get();
            userName = f[0];
            uid = parseOr(f[2], uid == null ? -1 : uid);
            gid = parseOr(f[3], 0);
            home = f.length > 5 ? f[5] : null;
        }
        if (uid == null || uid < 0) {
            throw new IllegalArgumentException("user '" + userPart + "' has no valid uid in the image's /etc/passwd");
        }
        if (gid == null) {
            gid = 0L;
        }
        if (parts.length == 2) {
            String groupPart = parts[1];
            Long g = number(groupPart);
            if (g == null) {
                Optional<String[]> gr = entry(group, fields -> fields[0].equals(groupPart), 3);
                if (gr.isEmpty()) {
                    throw new IllegalArgumentException("group '" + groupPart + "' is not in the image's /etc/group");
                }
                g = parseOr(gr.get()[2], -1);
                if (g < 0) {
                    throw new IllegalArgumentException("group '" + groupPart + "' has no valid gid in the image's /etc/group");
                }
            }
            gid = g;
        }
        List<Long> extra = new ArrayList<>();
        if (userName != null) {
            for (String line : group.split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && List.of(f[3].split(",")).contains(userName)) {
                    long g = parseOr(f[2], -1);
                    if (g >= 0 && g != gid && !extra.contains(g)) {
                        extra.add(g);
                    }
                }
            }
        }
        return new ImageUser(uid, gid, extra, home);
    }

    private interface Match {
        boolean test(String[] fields);
    }

    private static Optional<String[]> passwdEntry(String passwd, Match match) {
        return entry(passwd, match, 4);
    }

    private static Optional<String[]> entry(String text, Match match, int minFields) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length >= minFields && match.test(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static Long number(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 10) {
            return null;
        }
        return Long.parseLong(s);
    }

    private static long parseOr(String s, long fallback) {
        Long n = number(s);
        return n == null ? fallback : n;
    }
}
