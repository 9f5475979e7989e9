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
 * Run: {@code bash src/test/resources/bench/run.sh io.recolab.bench.ForkedAssignmentRatio [seconds per phase] [rounds]}.
 */
public final class ForkedAssignmentRatio {
    private ForkedAssignmentRatio() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String[] variants = AssignmentRatio.VARIANTS;
        List<Process> children = new ArrayList<>();
        List<PrintWriter> toChild = new ArrayList<>();
        List<BufferedReader> fromChild = new ArrayList<>();
        try {
            for (String variant : variants) {
                // One at a time: a child warms up (C2 compiles its path) while the others are not yet running.
                Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                        AssignmentRatio.class.getName(), "--child", variant).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                children.add(p);
                toChild.add(new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8));
                BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                fromChild.add(reader);
                String ready = reader.readLine();
                if (!"ready".equals(ready)) {
                    throw new IllegalStateException(variant + " child did not start: " + ready);
                }
            }
            double[][] rates = new double[variants.length][rounds];
            double[][] ratios = new double[variants.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < variants.length; i++) {
                    int v = (i + r) % variants.length;
                    toChild.get(v).println(seconds);
                    rates[v][r] = Double.parseDouble(fromChild.get(v).readLine());
                }
                StringBuilder line = new StringBuilder(String.format("round %d: plain %,.2f M/s", r + 1, rates[0][r] / 1e6));
                for (int v = 1; v < variants.length; v++) {
                    ratios[v][r] = rates[v][r] / rates[0][r];
                    line.append(String.format(", %s %,.2f M/s (%.2fx)", variants[v], rates[v][r] / 1e6, ratios[v][r]));
                }
                System.out.println(line);
            }
            System.out.printf("median plain %,.2f M/s (range %,.2f-%,.2f)%n", AssignmentRatio.median(rates[0]) / 1e6,
                    AssignmentRatio.min(rates[0]) / 1e6, AssignmentRatio.max(rates[0]) / 1e6);
            for (int v = 1; v < variants.length; v++) {
                System.out.printf("median %s / plain: %.2fx (range %.2f-%.2f), %,.2f M/s%n", variants[v],
                        AssignmentRatio.median(ratios[v]), AssignmentRatio.min(ratios[v]), AssignmentRatio.max(ratios[v]),
                        AssignmentRatio.median(rates[v]) / 1e6);
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
}
