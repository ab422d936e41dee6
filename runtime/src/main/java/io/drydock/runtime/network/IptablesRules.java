package io.drydock.runtime.network;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and removes the iptables rules the CNI plugins leave behind. The plugins tag their
 * per-attachment rules with a comment {@code name: "<network>" id: "<container id>"} (bridge's
 * masquerade) or {@code dnat name: ...} (portmap); the bridge plugin cannot remove its masquerade
 * rule when the network namespace is already gone, so drydock removes such rules by that comment.
 * portmap's shared chains ({@code CNI-HOSTPORT-*}) are never removed by the plugin; drydock
 * removes them once no mapping at all uses them.
 */
final class IptablesRules {
    static final String NAT = "nat";
    static final String HOSTPORT_DNAT = "CNI-HOSTPORT-DNAT";
    static final String HOSTPORT_MASQ = "CNI-HOSTPORT-MASQ";
    static final String HOSTPORT_SETMARK = "CNI-HOSTPORT-SETMARK";

    private static final Pattern COMMENT = Pattern.compile("(?:dnat )?name: \"([^\"]+)\" id: \"([^\"]+)\"");
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

    /** One {@code -A CHAIN ...} line of iptables-save, split into arguments. */
    record Rule(String chain, List<String> spec) {
        /** The value after {@code --comment}, or empty. */
        String comment() {
            int i = spec.indexOf("--comment");
            return i >= 0 && i + 1 < spec.size() ? spec.get(i + 1) : "";
        }

        /** The chain this rule jumps to, or empty. */
        String target() {
            int i = spec.indexOf("-j");
            return i >= 0 && i + 1 < spec.size() ? spec.get(i + 1) : "";
        }
    }

    /** What {@code iptables-save -t <table>} shows: chains declared and rules. */
    record Table(Set<String> chains, List<Rule> rules) {
        List<Rule> rulesIn(String chain) {
            return rules.stream().filter(r -> r.chain().equals(chain)).toList();
        }
    }

    private final ProcessRunner runner;

    IptablesRules(ProcessRunner runner) {
        this.runner = runner;
    }

    Table read(String table) throws NetworkException {
        return parse(run(List.of("iptables-save", "-t", table)));
    }

    /** The container ids that still have tagged rules on {@code network}. */
    Set<String> taggedIds(String network) throws NetworkException {
        Set<String> ids = new TreeSet<>();
        for (Rule rule : read(NAT).rules()) {
            Matcher m = COMMENT.matcher(rule.comment());
            if (m.matches() && m.group(1).equals(network)) {
                ids.add(m.group(2));
            }
        }
        return ids;
    }

    /**
     * Removes the nat rules tagged for ({@code network}, {@code containerId}) and the per-attachment
     * {@code CNI-} chains they jump to. Returns how many rules and chains were removed.
     */
    int removeTagged(String network, String containerId) throws NetworkException {
        Table table = read(NAT);
        Set<String> targets = new LinkedHashSet<>();
        int removed = 0;
        for (Rule rule : table.rules()) {
            Matcher m = COMMENT.matcher(rule.comment());
            if (m.matches() && m.group(1).equals(network) && m.group(2).equals(containerId)) {
                String target = rule.target();
                if (target.startsWith("CNI-") && !target.startsWith("CNI-HOSTPORT-") && !target.equals(rule.chain())) {
                    targets.add(target);
                }
                if (!targets.contains(rule.chain())) {
                    deleteRule(NAT, rule);
                    removed++;
                }
            }
        }
        for (String chain : targets) {
            if (table.chains().contains(chain)) {
                run(List.of("iptables", "-w", "-t", NAT, "-F", chain));
                run(List.of("iptables", "-w", "-t", NAT, "-X", chain));
                removed++;
            }
        }
        return removed;
    }

    /**
     * Removes portmap's shared chains and the jumps to them when {@code CNI-HOSTPORT-DNAT} holds no
     * mapping of anyone. Returns whether they were removed.
     */
    boolean removeUnusedPortmapChains() throws NetworkException {
        Table table = read(NAT);
        if (!table.chains().contains(HOSTPORT_DNAT) || !table.rulesIn(HOSTPORT_DNAT).isEmpty()) {
            return false;
        }
        Set<String> shared = Set.of(HOSTPORT_DNAT, HOSTPORT_MASQ, HOSTPORT_SETMARK);
        for (Rule rule : table.rules()) {
            if (shared.contains(rule.target()) && !shared.contains(rule.chain())) {
                try {
                    deleteRule(NAT, rule);
                } catch (NetworkException e) {
                    // Already deleted by another cleaner since the table was read: the goal is met.
                    if (!String.valueOf(e.getMessage()).contains("does a matching rule exist")) {
                        throw e;
                    }
                }
            }
        }
        for (String chain : List.of(HOSTPORT_DNAT, HOSTPORT_MASQ, HOSTPORT_SETMARK)) {
            if (table.chains().contains(chain)) {
                run(List.of("iptables", "-w", "-t", NAT, "-F", chain));
            }
        }
        boolean all = true;
        for (String chain : List.of(HOSTPORT_DNAT, HOSTPORT_MASQ, HOSTPORT_SETMARK)) {
            if (table.chains().contains(chain)) {
                try {
                    run(List.of("iptables", "-w", "-t", NAT, "-X", chain));
                } catch (NetworkException e) {
                    if (!String.valueOf(e.getMessage()).contains("Device or resource busy")) {
                        throw e;
                    }
                    // Still jumped to by a rule outside drydock's lock (another CNI user's): theirs.
                    all = false;
                }
            }
        }
        return all;
    }

    private void deleteRule(String table, Rule rule) throws NetworkException {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-D", rule.chain()));
        argv.addAll(rule.spec());
        run(argv);
    }

    private String run(List<String> argv) throws NetworkException {
        try {
            ProcessRunner.Output out = runner.run(argv, ENV, null);
            if (!out.succeeded()) {
                throw new NetworkException(String.join(" ", argv) + " failed with status " + out.exitCode() + ": "
                        + out.stderr().strip());
            }
            return out.stdout();
        } catch (IOException e) {
            throw new NetworkException(String.join(" ", argv) + " could not be run: " + e.getMessage(), e);
        }
    }

    /** Reads iptables-save output: {@code :CHAIN} declarations and {@code -A CHAIN args} rules. */
    static Table parse(String save) {
        Set<String> chains = new LinkedHashSet<>();
        List<Rule> rules = new ArrayList<>();
        for (String line : save.split("\n")) {
            if (line.startsWith(":")) {
                int space = line.indexOf(' ');
                chains.add(space < 0 ? line.substring(1) : line.substring(1, space));
            } else if (line.startsWith("-A ")) {
                List<String> words = split(line);
                rules.add(new Rule(words.get(1), List.copyOf(words.subList(2, words.size()))));
            }
        }
        return new Table(chains, rules);
    }

    /**
     * Splits an iptables-save line into arguments: words separated by spaces, a double-quoted
     * word taken whole, and inside it {@code \"} and {@code \\} standing for the character.
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
