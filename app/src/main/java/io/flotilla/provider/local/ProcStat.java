package io.flotilla.provider.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The fields of Linux {@code /proc/<pid>/stat} the local provider needs: Java's ProcessHandle knows
 * neither process groups nor sessions, and counts zombies as alive.
 *
 * @param state   one-letter state; {@code Z} (zombie) and {@code X} (dead) mean the process is gone
 * @param pgid    process group id
 * @param session session id
 */
record ProcStat(long pid, char state, long pgid, long session) {
    private static final Path PROC = Path.of("/proc");

    boolean running() {
        return state != 'Z' && state != 'X';
    }

    static Optional<ProcStat> of(long pid) {
        try {
            return Optional.of(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every live (non-zombie) process in the group {@code pgid}. */
    static List<ProcStat> groupMembers(long pgid) {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(name -> of(Long.parseLong(name)))
                    .flatMap(Optional::stream)
                    .filter(stat -> stat.pgid == pgid && stat.running())
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: the local provider needs Linux", e);
        }
    }

    /** The uids that own a process right now (the owner of {@code /proc/<pid>}). */
    static java.util.Set<Long> uidsOfRunningProcesses() {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.filter(entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(ProcStat::ownerOf)
                    .flatMap(Optional::stream)
                    .collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: the local provider needs Linux", e);
        }
    }

    private static Optional<Long> ownerOf(Path processDir) {
        try {
            return Optional.of(((Number) Files.getAttribute(processDir, "unix:uid")).longValue());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the process ended meanwhile
        }
    }

    /** Parses {@code pid (comm) state ppid pgrp session ...}; comm may hold spaces and parentheses. */
    static ProcStat parse(long pid, String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return new ProcStat(pid, fields[0].charAt(0), Long.parseLong(fields[2]), Long.parseLong(fields[3]));
    }
}
