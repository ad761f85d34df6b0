package io.gatehouse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of a process (user + system, all its threads) from {@code /proc/<pid>/stat}, and of a PostgreSQL server:
 * its postmaster, the children it has (backends, WAL writer, checkpointer) and the children it reaped. CPU per
 * request is what a busy shared machine changes least: a figure per second drops when other work takes the cores,
 * the CPU a request needs does not.
 */
final class CpuMeter {

    /** Linux's USER_HZ: /proc counts CPU time in ticks of 10 ms. */
    static final double MS_PER_TICK = 10.0;

    private CpuMeter() {
    }

    /** Ticks of one process, or -1 (not Linux, or gone). */
    static long process(long pid) {
        long[] f = fields(pid);
        return f == null ? -1 : f[0] + f[1];
    }

    /**
     * Ticks of a JVM's JIT compiler threads ({@code C1/C2 CompilerThread}), or -1. Part of a JVM's CPU that a busy
     * machine does change: compilation that an idle machine finishes during the warm-up goes on into the
     * measurement on a busy one.
     */
    static long compiler(long pid) {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String comm = Files.readString(task.resolve("comm")).trim();
                if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) continue;
                long[] f = fields(pid + "/task/" + task.getFileName());
                if (f != null) total += f[0] + f[1];
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return total;
    }

    /** Ticks of a PostgreSQL server whose postmaster is {@code postmasterPid}, or -1. */
    static long postgres(long postmasterPid) {
        long[] own = fields(postmasterPid);
        if (own == null) return -1;
        long total = own[0] + own[1] + own[2] + own[3];
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                long[] f = fields(Long.parseLong(name));
                if (f != null && f[4] == postmasterPid) total += f[0] + f[1];
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** utime, stime, cutime, cstime, ppid; null if unreadable. */
    private static long[] fields(long pid) {
        return fields(Long.toString(pid));
    }

    private static long[] fields(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold spaces: count from the closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17
            return new long[]{Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
