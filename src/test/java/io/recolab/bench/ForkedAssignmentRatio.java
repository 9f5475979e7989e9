package io.recolab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 23 item 5, in process, one JVM per variant: {@link AssignmentRatio}'s four variants each run in
 * a child JVM of their own (as JMH forks per benchmark), so each is compiled from its own profile, as on
 * a server whose experiments are all plain (today's) or all layered and targeted. In one JVM the four
 * variants share the call path's profile and C2 compiles it for the mix; that run is kept too
 * ({@code AssignmentRatio}: it is what a server running every kind at once sees). The phases still
 * alternate in short slices with the order rotating each round (one child runs at a time, the others
 * wait on their input), so each ratio compares neighbours in time on the shared machine.
 * With {@code -Dbaseline.cp} and {@code -Dbaseline.child} (set by {@code assign-vs-baseline.sh}) a fifth child runs
 * today's code, the build before issue 23, and every variant is also given as a ratio to it.
 * Run: {@code bash src/test/resources/bench/run.sh io.recolab.bench.ForkedAssignmentRatio [seconds per phase] [rounds]}.
 */
public final class ForkedAssignmentRatio {
    private ForkedAssignmentRatio() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> names = new ArrayList<>(List.of(AssignmentRatio.VARIANTS));
        List<List<String>> commands = new ArrayList<>();
        for (String variant : AssignmentRatio.VARIANTS) {
            commands.add(List.of(javaBin, "-cp", System.getProperty("java.class.path"), AssignmentRatio.class.getName(),
                    "--child", variant));
        }
        // Today's code (the build before issue 23), when assign-vs-baseline.sh gives its class path.
        String baselineCp = System.getProperty("baseline.cp");
        if (baselineCp != null) {
            names.add("today");
            commands.add(List.of(javaBin, "-cp", baselineCp, System.getProperty("baseline.child")));
        }
        int n = names.size();
        List<Process> children = new ArrayList<>();
        List<PrintWriter> toChild = new ArrayList<>();
        List<BufferedReader> fromChild = new ArrayList<>();
        try {
            for (int v = 0; v < n; v++) {
                // One at a time: a child warms up (C2 compiles its path) while the others are not yet running.
                Process p = new ProcessBuilder(commands.get(v)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                children.add(p);
                toChild.add(new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8));
                BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                fromChild.add(reader);
                String ready = reader.readLine();
                if (!"ready".equals(ready)) {
                    throw new IllegalStateException(names.get(v) + " child did not start: " + ready);
                }
            }
            double[][] rates = new double[n][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < n; i++) {
                    int v = (i + r) % n;
                    toChild.get(v).println(seconds);
                    rates[v][r] = Double.parseDouble(fromChild.get(v).readLine());
                }
                StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
                for (int v = 0; v < n; v++) {
                    line.append(String.format(" %s %,.2f M/s", names.get(v), rates[v][r] / 1e6));
                }
                System.out.println(line);
            }
            for (int v = 0; v < n; v++) {
                System.out.printf("median %s %,.2f M/s (range %,.2f-%,.2f)%n", names.get(v), AssignmentRatio.median(rates[v]) / 1e6,
                        AssignmentRatio.min(rates[v]) / 1e6, AssignmentRatio.max(rates[v]) / 1e6);
            }
            report(names, rates, 0);
            if (baselineCp != null) {
                report(names, rates, n - 1);
            }
        } finally {
            toChild.forEach(PrintWriter::close);
            for (Process p : children) {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** Each variant's rate over the reference's in the same round: median and range. */
    private static void report(List<String> names, double[][] rates, int reference) {
        for (int v = 1; v < AssignmentRatio.VARIANTS.length; v++) {
            double[] ratios = new double[rates[v].length];
            for (int r = 0; r < ratios.length; r++) {
                ratios[r] = rates[v][r] / rates[reference][r];
            }
            System.out.printf("median %s / %s: %.2fx (range %.2f-%.2f)%n", names.get(v), names.get(reference),
                    AssignmentRatio.median(ratios), AssignmentRatio.min(ratios), AssignmentRatio.max(ratios));
        }
    }
}
